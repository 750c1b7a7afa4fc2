import { describe, expect, test } from "bun:test";
import type { Db } from "../../src/db/open.ts";
import { insertOutbound } from "../../src/messaging/outbound-store.ts";
import { createSendCommand } from "../../src/messaging/send.ts";
import type { Services } from "../../src/messaging/services.ts";
import type { MessageRow } from "../../src/messaging/types.ts";
import { api, makeKey } from "../api/helpers.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";
import { addWorkflow, createRecord, makeWorkflowServices, runsOf, send } from "../workflows/fixtures.ts";

/**
 * Two requests with one idempotency key, racing: the other one commits its message just after this
 * one looked the key up and found nothing. This one's insert then meets the unique index, and every
 * caller must answer with the other's message: one message, no error.
 */
function raceOnLookup(
  db: Db,
  services: Services,
  conversationId: () => number,
  lookupsToMiss = 1,
): { rival: () => MessageRow | null } {
  let rival: MessageRow | null = null;
  let missed = 0;
  const earlier = (d: Db, key: string) => {
    if (missed < lookupsToMiss) {
      missed++;
      rival ??= insertOutbound(d, {
        conversationId: conversationId(),
        channelId: d
          .query<{ channel_id: number }, [number]>("SELECT channel_id FROM conversations WHERE id = ?")
          .get(conversationId())!.channel_id,
        userId: null,
        type: "text",
        text: "the other request",
        media: null,
        idempotencyKey: key,
        now: 1,
      });
      return null;
    }
    return d.query<MessageRow, [string]>("SELECT * FROM messages WHERE idempotency_key = ?").get(key);
  };
  services.send = createSendCommand({ db, clock: () => 2, outbox: services.outbox, earlier });
  return { rival: () => rival };
}

const keyed = (db: Db, key: string) =>
  db
    .query<{ n: number }, [string]>("SELECT count(*) AS n FROM messages WHERE idempotency_key LIKE ?")
    .get(`${key}%`)!.n;

describe("two sends with one idempotency key racing past the check make one message", () => {
  test("inbox reply: the box answers with the message that won", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const race = raceOnLookup(f.t.db, f.t.services, () => c.conversationId);
    const res = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, {
      text: "Once",
      key: "box-key-1234",
    });
    expect(res.status).toBe(200);
    expect(res.html).toContain(`id="msg-${race.rival()!.id}"`);
    expect(keyed(f.t.db, "reply:")).toBe(1);
  });

  test("new message: the form lands on the conversation of the message that won", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { peerPhone: "+447700900123" });
    const race = raceOnLookup(f.t.db, f.t.services, () => c.conversationId);
    const res = await f.post(
      "/inbox/compose",
      f.sam,
      { channel: String(f.sales), to: "+447700900123", text: "Once", key: "form-key-1234" },
      { htmx: false },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/inbox/c/${c.conversationId}`);
    expect(race.rival()).not.toBeNull();
    expect(keyed(f.t.db, "compose:")).toBe(1);
  });

  test("API: the call answers 200 with the message that won, marked as a replay", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { peerPhone: "+447700900123" });
    // The API looks the key up twice: before any download, and as it queues.
    const race = raceOnLookup(f.t.db, f.t.services, () => c.conversationId, 2);
    const body = {
      channel_id: f.sales,
      to: "+447700900123",
      text: "the other request",
      idempotency_key: "k-1",
    };
    const res = await api(f.t, makeKey(f.t, [f.sales]), "/api/v1/messages", { method: "POST", json: body });
    expect(res.status).toBe(200);
    expect(res.headers.get("idempotent-replayed")).toBe("true");
    expect(((await res.json()) as { message: { id: number } }).message.id).toBe(race.rival()!.id);
    expect(keyed(f.t.db, "api:")).toBe(1);
  });

  test("workflow step: the step finds the message that won and sends it, never a second one", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: "+447700900123" });
    const flow = addWorkflow(t, "contact", [send("Hello")]);
    const stored = t.services.ingest.ingest(inbound(channelId, { peerPhone: "+447700900123" }));
    if (!stored.stored) throw new Error("not stored");
    // The step looks its key up twice too: to resume after a restart, and as it queues.
    const race = raceOnLookup(t.db, t.services, () => stored.conversationId, 2);
    await t.drain();
    expect(runsOf(t, flow).map((r) => [r.status, r.stepRows[0]!.tries])).toEqual([["done", 1]]);
    expect(keyed(t.db, "wf:")).toBe(1);
    expect(t.sent.map((s) => (s.payload as { text: string }).text)).toEqual(["the other request"]);
    expect(race.rival()).not.toBeNull();
  });
});
