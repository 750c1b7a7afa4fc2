import { afterEach, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { insertEndpoint, listDeliveries, type EndpointInput } from "../../src/webhooks/store.ts";
import { claimDueJobs } from "../../src/jobs/queue.ts";
import { createDeliveryHandler } from "../../src/webhooks/deliver.ts";
import { WEBHOOK_JOB } from "../../src/webhooks/events.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { keyOwner, makeServices, SECRET, startReceiver, type ReceivedRequest } from "./fixtures.ts";

const HOUR = 60 * 60 * 1000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function receiver(statuses: number[] = []) {
  const r = startReceiver(statuses);
  cleanups.push(r.stop);
  return r;
}

function endpoint(url: string, over: Partial<EndpointInput> = {}): EndpointInput {
  return { name: "Test", url, events: ["message.inbound"], channelIds: [], active: true, ...over };
}

/** The receiver's side: an independent check of the signature with node:crypto. */
function verify(req: ReceivedRequest, secret: string): boolean {
  const ts = req.headers.get("x-pairbox-timestamp")!;
  const expected = createHmac("sha256", secret).update(`${ts}.${req.body}`).digest("hex");
  return req.headers.get("x-pairbox-signature") === `sha256=${expected}`;
}

/** Lets the runner work through everything due, moving the clock past each back-off. */
async function runUntilIdle(t: ReturnType<typeof makeServices>, rounds = 12) {
  for (let i = 0; i < rounds; i++) {
    await t.services.jobs.drain();
    t.advance(7 * HOUR);
  }
}

describe("webhook delivery", () => {
  test("a delivery is signed: HMAC-SHA256 of timestamp.body with the endpoint secret, plus delivery and event headers", async () => {
    const t = makeServices();
    const r = receiver();
    const ep = insertEndpoint(t.db, endpoint(r.url), 0, keyOwner(t.db));
    installWebhooks(t.services, { ...t.core, secret: SECRET });
    const channelId = makeChannel(t.db);
    t.services.ingest.ingest(inbound(channelId, { text: "Signed hello" }));
    await t.services.jobs.drain();

    expect(r.received).toHaveLength(1);
    const req = r.received[0]!;
    expect(verify(req, ep.secret)).toBe(true);
    expect(verify(req, "whsec_someone-else")).toBe(false);
    expect(Number(req.headers.get("x-pairbox-timestamp"))).toBe(Math.floor(t.clock() / 1000));
    expect(req.headers.get("x-pairbox-delivery")).toMatch(/^dlv_/);
    expect(req.headers.get("x-pairbox-event")).toBe("message.inbound");
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      type: "message.inbound",
      channel: { id: channelId, phone: "+14155550100" },
    });
    expect(body.id).toMatch(/^evt_/);
    expect(body.data.message).toMatchObject({
      text: "Signed hello",
      direction: "inbound",
      sender: { phone: "+447700900123", name: "Ann" },
      chat: { kind: "direct", phone: "+447700900123", group: null },
    });
  });

  test("a receiver that fails twice then succeeds gets exactly one accepted delivery per event, in order", async () => {
    const t = makeServices();
    const r = receiver([500, 503]);
    insertEndpoint(t.db, endpoint(r.url), 0, keyOwner(t.db));
    installWebhooks(t.services, { ...t.core, secret: SECRET });
    const channelId = makeChannel(t.db);
    for (const text of ["one", "two", "three"]) t.services.ingest.ingest(inbound(channelId, { text }));

    await runUntilIdle(t);

    const accepted = r.received
      .filter((q) => q.status === 200)
      .map((q) => JSON.parse(q.body).data.message.text);
    expect(accepted).toEqual(["one", "two", "three"]);
    // The first event was tried three times before the others were sent at all: order is kept.
    expect(r.received.map((q) => [JSON.parse(q.body).data.message.text, q.status])).toEqual([
      ["one", 500],
      ["one", 503],
      ["one", 200],
      ["two", 200],
      ["three", 200],
    ]);
    const log = listDeliveries(t.db, 1, 10).reverse();
    expect(log.map((d) => [d.status, d.attempts, d.response_status])).toEqual([
      ["succeeded", 3, 200],
      ["succeeded", 1, 200],
      ["succeeded", 1, 200],
    ]);
    // The same event id on every try, so a receiver can de-duplicate.
    expect(new Set(r.received.slice(0, 3).map((q) => JSON.parse(q.body).id)).size).toBe(1);
  });

  test("a 4xx other than 408/429 stops retries at once; 408 and 429 are retried", async () => {
    const t = makeServices();
    const gone = receiver([410]);
    const limited = receiver([429, 408]);
    insertEndpoint(t.db, endpoint(gone.url), 0, keyOwner(t.db));
    insertEndpoint(t.db, endpoint(limited.url), 0, keyOwner(t.db));
    installWebhooks(t.services, { ...t.core, secret: SECRET });
    t.services.ingest.ingest(inbound(makeChannel(t.db)));
    await runUntilIdle(t);

    expect(gone.received.map((q) => q.status)).toEqual([410]);
    expect(listDeliveries(t.db, 1, 1)[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      response_status: 410,
    });
    expect(limited.received.map((q) => q.status)).toEqual([429, 408, 200]);
    expect(listDeliveries(t.db, 2, 1)[0]).toMatchObject({ status: "succeeded", attempts: 3 });
  });

  test("connection errors and timeouts are retried, and the log says why", async () => {
    const t = makeServices();
    const slow = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Promise<Response>(() => {}) });
    cleanups.push(() => slow.stop(true));
    const closed = receiver();
    closed.stop();
    insertEndpoint(t.db, endpoint(`http://127.0.0.1:${slow.port}/`), 0, keyOwner(t.db));
    insertEndpoint(t.db, endpoint(closed.url), 0, keyOwner(t.db));
    installWebhooks(t.services, { ...t.core, secret: SECRET, timeoutMs: 200 });
    t.services.ingest.ingest(inbound(makeChannel(t.db)));
    await t.services.jobs.drain();

    expect(listDeliveries(t.db, 1, 1)[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: "Timed out after 0.2 s",
    });
    const refused = listDeliveries(t.db, 2, 1)[0]!;
    expect(refused).toMatchObject({ status: "pending", attempts: 1 });
    expect(refused.last_error).toStartWith("Connection failed");
  });

  test("after the last of 10 tries the delivery is marked failed", async () => {
    const t = makeServices();
    const r = receiver(Array(20).fill(500));
    insertEndpoint(t.db, endpoint(r.url), 0, keyOwner(t.db));
    installWebhooks(t.services, { ...t.core, secret: SECRET });
    t.services.ingest.ingest(inbound(makeChannel(t.db)));
    await runUntilIdle(t, 15);
    expect(r.received).toHaveLength(10);
    expect(listDeliveries(t.db, 1, 1)[0]).toMatchObject({
      status: "failed",
      attempts: 10,
      response_status: 500,
    });
  });

  test("deliveries pending at shutdown, or cut off mid-flight, are delivered after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-wh-"));
    const dbPath = join(dir, "pairbox.db");
    const r = receiver([503]);

    const before = makeServices({ dbPath });
    insertEndpoint(before.db, endpoint(r.url), 0, keyOwner(before.db));
    installWebhooks(before.services, { ...before.core, secret: SECRET });
    const channelId = makeChannel(before.db);
    before.services.ingest.ingest(
      inbound(channelId, { text: "queued before the crash", peerPhone: "+447700900001" }),
    );
    await before.services.jobs.drain(); // 503: waits for its retry
    before.services.ingest.ingest(
      inbound(channelId, { text: "in flight at the crash", peerPhone: "+447700900002" }),
    );
    expect(claimDueJobs(before.db, before.clock(), 10, 60_000)).toHaveLength(1); // claimed, then the process "dies"
    before.db.close();

    const after = makeServices({ dbPath, now: before.clock() + HOUR });
    installWebhooks(after.services, { ...after.core, secret: SECRET });
    after.services.jobs.start();
    await runUntilIdle(after, 3);
    await after.services.jobs.stop();

    const accepted = r.received
      .filter((q) => q.status === 200)
      .map((q) => JSON.parse(q.body).data.message.text)
      .sort();
    expect(accepted).toEqual(["in flight at the crash", "queued before the crash"]);
    after.db.close();
  });
  test("a delivery POSTed just before a crash, its attempt not yet written, is sent again after the restart and logged once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-wh-"));
    const dbPath = join(dir, "pairbox.db");
    const r = receiver();
    const before = makeServices({ dbPath });
    const ep = insertEndpoint(before.db, endpoint(r.url), 0, keyOwner(before.db));
    installWebhooks(before.services, { ...before.core, secret: SECRET });
    before.services.ingest.ingest(inbound(makeChannel(before.db), { text: "sent as the lights went out" }));
    // The process that dies: it claims the delivery and POSTs it; its attempt and outcome never commit.
    const job = claimDueJobs(before.db, before.clock(), 10, 60_000).find((j) => j.kind === WEBHOOK_JOB)!;
    const handler = createDeliveryHandler({ ...before.core, allow: ["127.0.0.1"] });
    const outcome = await handler(job, JSON.parse(job.payload));
    expect(outcome.ok).toBe(true);
    expect(r.received).toHaveLength(1);
    expect(listDeliveries(before.db, ep.id, 1)[0]).toMatchObject({ status: "pending", attempts: 0 });
    before.db.close();

    const after = makeServices({ dbPath, now: before.clock() + HOUR });
    installWebhooks(after.services, { ...after.core, secret: SECRET });
    after.services.jobs.start();
    await runUntilIdle(after, 2);
    await after.services.jobs.stop();
    // At least once: the receiver sees the same delivery id twice and de-duplicates on it.
    expect(r.received).toHaveLength(2);
    expect(new Set(r.received.map((q) => q.headers.get("x-pairbox-delivery"))).size).toBe(1);
    expect(listDeliveries(after.db, ep.id, 10)).toHaveLength(1);
    expect(listDeliveries(after.db, ep.id, 1)[0]).toMatchObject({ status: "succeeded", attempts: 1 });
    after.db.close();
  });
});
