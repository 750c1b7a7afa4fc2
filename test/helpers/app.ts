import { createApp } from "../../src/app.ts";
import { testConfig, type Config } from "../../src/config.ts";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { silentLogger } from "../../src/log.ts";
import { hashPassword } from "../../src/auth/setup.ts";
import { findPermissionSetByName, insertGroup } from "../../src/auth/teams-store.ts";
import { insertUser } from "../../src/auth/users-store.ts";
import type { AppDeps } from "../../src/web/context.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../../src/channels/engine.ts";
import { linkConversation } from "../../src/records/public.ts";
import { createMediaStore } from "../../src/whatsapp/media-store.ts";
import { createSimulatorDriver } from "../../src/whatsapp/simulator/index.ts";

export const BASE = "http://localhost:3000";

// Content-addressed, so every test app of a run can share one folder.
let testMediaDir: string | null = null;

/**
 * A fresh in-memory Pairbox: database migrated, the real services and channel sessions over the
 * simulator driver (receipts at once, media in a temporary folder), app built, a clock tests can move.
 */
export function makeTestApp(overrides: Partial<Config> = {}, extra: Partial<AppDeps> = {}) {
  const db = extra.db ?? openDatabase(":memory:");
  if (!extra.db) migrate(db);
  let now = Date.UTC(2026, 0, 15, 9, 0, 0);
  const clock = extra.clock ?? (() => now);
  const config = testConfig({ baseUrl: BASE, sendSpacingMs: 0, ...overrides });
  const driver = createSimulatorDriver({
    db,
    clock,
    deliveredAfterMs: 0,
    readAfterMs: 0,
    reconnectAfterMs: 0,
  });
  testMediaDir ??= mkdtempSync(join(tmpdir(), "pairbox-test-media-"));
  const media = createMediaStore(testMediaDir);
  const engine = createEngine(
    { db, config, logger: silentLogger, clock },
    { media, driver, link: linkConversation },
  );
  const deps: AppDeps = {
    db,
    config,
    logger: silentLogger,
    clock,
    secret: "test-secret-test-secret-test-secret!!",
    version: "test",
    services: engine.services,
    sessions: engine.sessions,
    ...extra,
  };
  const app = createApp(deps);
  return {
    app,
    db,
    deps,
    /** The session manager (with idle() to wait for media downloads). */
    sessions: engine.sessions,
    advance(ms: number) {
      now += ms;
    },
    /** Sends a request as a browser on our own origin would. */
    request(path: string, init: RequestInit & { session?: Session } = {}) {
      const headers = new Headers(init.headers);
      if (init.session) headers.set("cookie", init.session.cookie);
      const method = (init.method ?? "GET").toUpperCase();
      if (method !== "GET" && method !== "HEAD" && !headers.has("origin")) headers.set("origin", BASE);
      return app.request(`${BASE}${path}`, { ...init, headers });
    },
  };
}

export type TestApp = ReturnType<typeof makeTestApp>;
export type Session = { cookie: string; csrf: string; userId: number };

// Hashing with argon2id is slow by design; tests share one hash.
let cachedHash: Promise<string> | null = null;
export const TEST_PASSWORD = "correct horse battery";
function testHash() {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

/** Adds a user with the named permission sets and groups (groups are created on demand). */
export async function addUser(
  t: TestApp,
  email: string,
  opts: { sets?: string[]; groups?: string[]; name?: string; active?: boolean } = {},
): Promise<number> {
  const setIds = (opts.sets ?? ["Agent"]).map((n) => findPermissionSetByName(t.db, n)!.id);
  const groupIds = (opts.groups ?? []).map(
    (n) =>
      t.db.query<{ id: number }, [string]>("SELECT id FROM user_groups WHERE name = ?").get(n)?.id ??
      insertGroup(t.db, n, 0),
  );
  return insertUser(
    t.db,
    {
      name: opts.name ?? email.split("@")[0]!,
      email,
      passwordHash: await testHash(),
      active: opts.active ?? true,
      permissionSetIds: setIds,
      groupIds,
    },
    0,
  );
}

/** Signs in through the real form and returns the cookie and CSRF token a browser would hold. */
export async function signIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await t.request("/login", { method: "POST", body: new URLSearchParams({ email, password }) });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const html = await (await t.request("/settings/account", { headers: { cookie } })).text();
  const csrf =
    /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ??
    /X-CSRF-Token&quot;:&quot;([^&]+)&quot;/.exec(html)?.[1];
  if (!csrf) throw new Error("no CSRF token on the page after sign-in");
  const userId = t.db.query<{ id: number }, [string]>("SELECT id FROM users WHERE email = ?").get(email)!.id;
  return { cookie, csrf, userId };
}

/** An administrator, signed in. */
export async function adminSession(t: TestApp, email = "admin@example.com"): Promise<Session> {
  await addUser(t, email, { sets: ["Administrator"], name: "Admin" });
  return signIn(t, email);
}

/** A form POST with the session's CSRF token, as our pages send it. */
export function postForm(
  t: TestApp,
  path: string,
  session: Session,
  fields: Record<string, string | string[]>,
) {
  const body = new URLSearchParams();
  body.set("_csrf", session.csrf);
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return t.request(path, { method: "POST", body, session });
}

export type { Db };
