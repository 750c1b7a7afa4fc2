import { createECDH, randomBytes, createPublicKey, verify } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ece from "http_ece";
import { inboxFixture } from "../inbox/http-fixture.ts";
import { installPush } from "../../src/push/install.ts";
import type { Session } from "../helpers/app.ts";

/** One push as the local push service received it, decrypted with the browser's own keys. */
export type ReceivedPush = {
  path: string;
  headers: Headers;
  payload: { title: string; body: string; url: string; tag?: string };
};

/**
 * A push service on 127.0.0.1, standing in for the browser vendor's: it keeps what it is sent and
 * answers with the statuses given, in turn (then 201). Each "browser" is an ECDH P-256 key pair and
 * an auth secret, exactly what PushManager.subscribe() makes; the service decrypts each push with
 * them (RFC 8291 through the http_ece library), as the browser would.
 */
export function startPushService(statuses: number[] = []) {
  const queue = [...statuses];
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const received: ReceivedPush[] = [];
  const raw: { path: string; headers: Headers; status: number }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const status = queue.shift() ?? 201;
      raw.push({ path, headers: req.headers, status });
      const b = browsers.get(path);
      if (status === 201 && b) {
        const body = Buffer.from(await req.arrayBuffer());
        const plain = ece.decrypt(body, { version: "aes128gcm", privateKey: b.ecdh, authSecret: b.auth });
        received.push({ path, headers: req.headers, payload: JSON.parse(plain.toString("utf8")) });
      }
      return new Response(null, { status });
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    origin,
    received,
    raw,
    /** A new browser's subscription, as PushSubscription.toJSON() gives it. */
    browser(name: string) {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      browsers.set(`/push/${name}`, { ecdh, auth });
      return {
        endpoint: `${origin}/push/${name}`,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") },
      };
    },
    /** The next pushes are answered with these statuses (say 410 Gone). */
    answerNext(statuses: number[]) {
      queue.push(...statuses);
    },
    stop: () => server.stop(true),
  };
}

/** The inbox fixture (admin, Sam in Sales, a Support line Sam cannot see) with push installed. */
export async function pushFixture() {
  const dataDir = mkdtempSync(join(tmpdir(), "pairbox-push-"));
  const f = await inboxFixture({ dataDir, fetchAllow: ["127.0.0.1"] });
  installPush(f.t.services, { ...f.t.core, config: f.t.deps.config });
  const service = startPushService();
  return {
    ...f,
    dataDir,
    service,
    subscribe(session: Session, subscription: unknown) {
      return f.t.request("/settings/notifications/subscriptions", {
        method: "POST",
        session,
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf },
        body: JSON.stringify(subscription),
      });
    },
    /** Runs every due job (pushes included) and returns the pushes received so far. */
    async deliver() {
      await f.t.services.jobs.drain();
      return service.received;
    },
  };
}

/** Checks a VAPID Authorization header (RFC 8292): signed by `publicKey`, for this audience. */
export function vapidClaims(header: string, publicKey: string): { aud: string; exp: number; sub: string } {
  const m = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  if (!m) throw new Error(`not a VAPID header: ${header}`);
  const [jwt, k] = [m[1]!, m[2]!];
  if (k !== publicKey) throw new Error("signed with another key");
  const [head, claims, sig] = jwt.split(".") as [string, string, string];
  const raw = Buffer.from(publicKey, "base64url");
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const ok = verify(
    "sha256",
    Buffer.from(`${head}.${claims}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(sig, "base64url"),
  );
  if (!ok) throw new Error("VAPID signature does not verify");
  return JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
}
