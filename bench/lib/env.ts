import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app.ts";
import { testConfig } from "../../src/config.ts";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { silentLogger } from "../../src/log.ts";
import { createEngine } from "../../src/channels/engine.ts";
import type { DriverWithControls } from "../../src/whatsapp/driver.ts";
import type { EmitEvent } from "../../src/whatsapp/driver.ts";
import { createMediaStore } from "../../src/whatsapp/media-store.ts";
import { createSimulatorDriver } from "../../src/whatsapp/simulator/index.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { createSession, SESSION_COOKIE } from "../../src/auth/sessions.ts";
import { findPermissionSetByName } from "../../src/auth/teams-store.ts";
import { insertUser } from "../../src/auth/users-store.ts";
import { loadFeatures, type Features } from "./features.ts";

export const BASE = "http://localhost:3000";
const SECRET = "bench-secret-bench-secret-bench-secret!!";

/** A temporary data directory; removed by the caller with cleanup(). */
export function tempDataDir(label: string): { dir: string; dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `pairbox-bench-${label}-`));
  return {
    dir,
    dbPath: join(dir, "pairbox.db"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A migrated file database in a fresh data directory. */
export function freshDatabase(label: string) {
  const data = tempDataDir(label);
  const db = openDatabase(data.dbPath);
  migrate(db);
  return { ...data, db };
}

/**
 * The simulator driver, wrapped so a benchmark can also emit driver events the simulator has no
 * button for (a history sync): the same emit function the session manager gave the session.
 */
function simulatorWithEmitters(db: Db, clock: () => number) {
  const sim = createSimulatorDriver({ db, clock, deliveredAfterMs: 0, readAfterMs: 0, reconnectAfterMs: 0 });
  const emitters = new Map<number, EmitEvent>();
  const driver: DriverWithControls = {
    ...sim,
    createSession(channelId, emit) {
      emitters.set(channelId, emit);
      return sim.createSession(channelId, emit);
    },
  };
  return { driver, emitters };
}

/**
 * The whole Pairbox of one process over a file database, wired as main.ts wires it: the engine over
 * the simulator driver, the records feature's linking (when it has landed), webhooks and workflows
 * installed into services.onStored, and the HTTP app. The job runner is not started: delivery jobs
 * stay queued, so the figures measure the enqueue (the outbox), not a remote receiver.
 */
export async function buildPairbox(db: Db, opts: { dataDir: string; now?: () => number }) {
  const clock = opts.now ?? (() => Date.now());
  const config = testConfig({ baseUrl: BASE, sendSpacingMs: 0, dataDir: opts.dataDir });
  const features: Features = await loadFeatures();
  const core = { db, config, logger: silentLogger, clock };
  const media = createMediaStore(join(opts.dataDir, "media"));
  const { driver, emitters } = simulatorWithEmitters(db, clock);
  const { services, sessions } = createEngine(core, { media, driver, link: features.link, sendSpacingMs: 0 });
  const stopWebhooks = installWebhooks(services, { ...core, secret: SECRET });
  features.installWorkflows?.(services, core);
  const app = createApp({ ...core, secret: SECRET, version: "bench", services, sessions });
  return { app, services, sessions, features, emitters, config, stop: () => stopWebhooks() };
}

export type Pairbox = Awaited<ReturnType<typeof buildPairbox>>;

/** An administrator with a live session cookie (no password round trip: argon2 is slow by design). */
export function adminCookie(db: Db, now: number): { cookie: string; userId: number } {
  const setId = findPermissionSetByName(db, "Administrator")!.id;
  const userId = insertUser(
    db,
    {
      name: "Bench Admin",
      email: `bench-${now}@example.com`,
      passwordHash: "x",
      active: true,
      permissionSetIds: [setId],
      groupIds: [],
    },
    now,
  );
  const { token } = createSession(db, userId, now);
  return { cookie: `${SESSION_COOKIE}=${token}`, userId };
}

/** A GET through the HTTP app as a signed-in browser sends it; throws on anything but 200. */
export async function getPage(app: Pairbox["app"], path: string, cookie: string): Promise<string> {
  const res = await app.request(`${BASE}${path}`, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${body.slice(0, 200)}`);
  return body;
}
