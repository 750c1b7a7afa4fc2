import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { silentLogger } from "../../src/log.ts";
import { testConfig } from "../../src/config.ts";
import { createServices, type MediaStore } from "../../src/messaging/services.ts";
import type { OutboundPayload } from "../../src/whatsapp/driver.ts";
import { insertUser } from "../../src/auth/users-store.ts";

export const SECRET = "server-secret-server-secret-server!!";
export const BASE_URL = "http://pairbox.test";

/** A content-addressed media store in a temporary folder, as the real one lays files out. */
export function tempMediaStore(dir = mkdtempSync(join(tmpdir(), "pairbox-media-"))): MediaStore {
  return {
    path: (sha) => join(dir, sha.slice(0, 2), sha.slice(2)),
    async putBytes(bytes) {
      const sha256 = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
      mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
      await Bun.write(join(dir, sha256.slice(0, 2), sha256.slice(2)), bytes);
      return { ok: true, sha256, size: bytes.byteLength };
    },
  };
}

export type SentRecord = { channelId: number; to: string; payload: OutboundPayload };

/** The long-lived services over a database (in memory, or a file to reopen after a "restart"). */
export function makeServices(opts: { dbPath?: string; now?: number; db?: Db } = {}) {
  const db = opts.db ?? openDatabase(opts.dbPath ?? ":memory:");
  migrate(db);
  let now = opts.now ?? Date.UTC(2026, 0, 15, 9, 0, 0);
  const clock = () => now;
  const config = testConfig({ baseUrl: BASE_URL });
  const core = { db, config, logger: silentLogger, clock };
  const sent: SentRecord[] = [];
  let waSeq = 0;
  const services = createServices(core, {
    media: tempMediaStore(),
    sender: async (channelId, to, payload) => {
      sent.push({ channelId, to, payload });
      waSeq += 1;
      return `WAOUT${waSeq}`;
    },
    link: () => [],
    retryMedia: () => {},
  });
  return {
    db,
    core,
    services,
    sent,
    clock,
    advance(ms: number) {
      now += ms;
    },
  };
}

export type ReceivedRequest = { headers: Headers; body: string; status: number };

/**
 * A webhook receiver on a loopback port: answers with the statuses given, in turn (then 200),
 * and remembers every request with the answer it got.
 */
export function startReceiver(statuses: number[] = []) {
  const queue = [...statuses];
  const received: ReceivedRequest[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const status = queue.shift() ?? 200;
      received.push({ headers: req.headers, body: await req.text(), status });
      return new Response(status === 200 ? "ok" : `nope ${status}`, { status });
    },
  });
  return { url: `http://127.0.0.1:${server.port}/hook`, received, server, stop: () => server.stop(true) };
}

/** An administrator who owns test keys and endpoints, made once per database (never signs in). */
export function keyOwner(db: Db): number {
  const existing = db
    .query<{ id: number }, []>("SELECT id FROM users WHERE email = 'integrations-owner@example.test'")
    .get();
  if (existing) return existing.id;
  const admin = db
    .query<{ id: number }, []>("SELECT id FROM permission_sets WHERE name = 'Administrator'")
    .get()!.id;
  return insertUser(
    db,
    {
      name: "Integrations owner",
      email: "integrations-owner@example.test",
      passwordHash: "not a hash: this user never signs in",
      active: true,
      permissionSetIds: [admin],
      groupIds: [],
    },
    0,
  );
}
