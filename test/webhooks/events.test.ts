import { write } from "../../src/db/write.ts";
import { emit } from "../../src/messaging/events.ts";
import { describe, expect, test } from "bun:test";
import { setConversationStatus } from "../../src/messaging/status.ts";
import { addNote } from "../../src/messaging/notes.ts";
import { changeConversationLabels, createLabel } from "../../src/messaging/labels.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { emitRecordLinkedEvent } from "../../src/webhooks/events.ts";
import { eventSchema, type EVENT_DATA } from "../../src/webhooks/schemas.ts";
import {
  insertEndpoint,
  listDeliveries,
  pruneWebhookLog,
  recordAttempt,
  updateEndpoint,
  type EndpointInput,
} from "../../src/webhooks/store.ts";
import { findConversation } from "../../src/messaging/conversations-store.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { BASE_URL, keyOwner, makeServices, SECRET } from "./fixtures.ts";

type Fixture = ReturnType<typeof makeServices>;

function setup(events: string[], over: Partial<EndpointInput> = {}) {
  const t = makeServices();
  const a = makeChannel(t.db, "+14155550100");
  const b = makeChannel(t.db, "+14155550200");
  const ep = insertEndpoint(
    t.db,
    { name: "", url: "http://127.0.0.1:9/", events, channelIds: [], active: true, ...over },
    0,
    keyOwner(t.db),
  );
  installWebhooks(t.services, { ...t.core, secret: SECRET });
  return { t, a, b, ep };
}

/** The bodies queued for an endpoint, oldest first, each checked against the schema the OpenAPI document publishes. */
function queued(t: Fixture, endpointId: number) {
  return listDeliveries(t.db, endpointId, 100)
    .reverse()
    .map((d) => {
      const body = JSON.parse(d.body);
      eventSchema(body.type as keyof typeof EVENT_DATA).parse(body);
      return body;
    });
}

describe("webhook events", () => {
  test("an inbound message becomes message.inbound with the normalised message and a signed media link", () => {
    const { t, a, ep } = setup(["message.inbound"]);
    const r = t.services.ingest.ingest(
      inbound(a, {
        kind: "group",
        chatJid: "1203@g.us",
        groupSubject: "Builders",
        participantJid: "447700900123@s.whatsapp.net",
        type: "image",
        text: "look",
        media: { mime: "image/jpeg", size: 10, fileName: null },
      }),
    );
    if (!r.stored) throw new Error("not stored");
    const [event] = queued(t, ep.id);
    expect(event.channel).toEqual({ id: a, name: "Line 0100", phone: "+14155550100" });
    expect(event.data.message).toMatchObject({
      id: r.messageId,
      type: "image",
      text: "look",
      sender: { phone: "+447700900123" },
      chat: {
        kind: "group",
        jid: "1203@g.us",
        group: { jid: "1203@g.us", subject: "Builders", participant_jid: "447700900123@s.whatsapp.net" },
      },
      media: {
        mime: "image/jpeg",
        status: "pending",
        url: `${BASE_URL}/api/v1/messages/${r.messageId}/media`,
      },
    });
    expect(event.data.message.media.signed_url).toStartWith(`${BASE_URL}/api/media/${r.messageId}?expires=`);
  });

  test("a message sent through Pairbox gives message.outbound, then one message.status per receipt state", async () => {
    const { t, a, ep } = setup(["message.outbound", "message.status"]);
    const conv = t.db
      .query(
        "INSERT INTO conversations (channel_id, chat_jid, kind, peer_phone, created_at) VALUES (?, '447700900999@s.whatsapp.net', 'direct', '+447700900999', 0) RETURNING id",
      )
      .get(a) as { id: number };
    const m = t.services.outbox.queue({
      conversationId: conv.id,
      channelId: a,
      userId: null,
      type: "text",
      text: "Hi",
      media: null,
      idempotencyKey: null,
    });
    await t.services.outbox.dispatch(m.id);
    for (const status of ["delivered", "delivered", "read"] as const)
      t.services.outbox.receipt(a, "WAOUT1", status);
    expect(queued(t, ep.id).map((e) => [e.type, e.data.message.status, e.data.status ?? null])).toEqual([
      ["message.outbound", "queued", null],
      ["message.status", "sent", "sent"],
      ["message.status", "delivered", "delivered"],
      ["message.status", "read", "read"],
    ]);
  });

  test("an outbound message's events commit with the message itself: nothing depends on the announcement after the commit", async () => {
    const { t, a, ep } = setup(["message.outbound", "message.status"]);
    // As if the process died between each commit and its announcement: the hub never delivers.
    t.services.hub.publish = () => {};
    const conv = t.db
      .query(
        "INSERT INTO conversations (channel_id, chat_jid, kind, peer_phone, created_at) VALUES (?, '447700900998@s.whatsapp.net', 'direct', '+447700900998', 0) RETURNING id",
      )
      .get(a) as { id: number };
    const m = t.services.outbox.queue({
      conversationId: conv.id,
      channelId: a,
      userId: null,
      type: "text",
      text: "Hi",
      media: null,
      idempotencyKey: null,
    });
    await t.services.outbox.dispatch(m.id);
    t.services.outbox.receipt(a, "WAOUT1", "read");
    expect(queued(t, ep.id).map((e) => [e.type, e.data.message.status])).toEqual([
      ["message.outbound", "queued"],
      ["message.status", "sent"],
      ["message.status", "read"],
    ]);
  });

  test("an endpoint filtered to one channel hears nothing from the others; a paused one hears nothing at all", () => {
    const { t, a, b, ep } = setup(["message.inbound"]);
    updateEndpoint(
      t.db,
      ep.id,
      { name: "", url: ep.url, events: ["message.inbound"], channelIds: [b], active: true },
      0,
      keyOwner(t.db),
    );
    const paused = insertEndpoint(
      t.db,
      { name: "", url: ep.url, events: ["message.inbound"], channelIds: [], active: false },
      0,
      keyOwner(t.db),
    );
    t.services.ingest.ingest(inbound(a, { text: "to A" }));
    t.services.ingest.ingest(inbound(b, { text: "to B" }));
    expect(queued(t, ep.id).map((e) => e.data.message.text)).toEqual(["to B"]);
    expect(queued(t, paused.id)).toEqual([]);
  });

  test("history imports and events nobody subscribed to queue nothing", () => {
    const { t, a, ep } = setup(["message.outbound"]);
    t.services.ingest.ingestBatch([
      inbound(a, { history: true }),
      inbound(a, { history: true, direction: "outbound", fromPhone: true }),
    ]);
    t.services.ingest.ingest(inbound(a));
    expect(queued(t, ep.id)).toEqual([]);
    expect(t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM webhook_events").get()!.n).toBe(0);
  });

  test("channel.status fires once per real change, with its reason; channel.qr once per new code", () => {
    const { t, a, ep } = setup(["channel.status", "channel.qr"]);
    const set = (sql: string) => {
      write(t.db, (tx) => {
        t.db.query(`UPDATE channels SET ${sql} WHERE id = ?`).run(a);
        emit(tx, { type: "channel.changed", channelId: a });
      });
    };
    set("status = 'pending', qr = 'QR-1', qr_at = 1");
    set("last_activity_at = 5"); // activity only: no event
    set("qr = 'QR-2', qr_at = 2");
    set("status = 'connected', qr = NULL");
    set(
      "status = 'error', last_error = 'Cannot reach WhatsApp: DNS lookup failed for web.whatsapp.com', last_error_at = 9",
    );
    expect(queued(t, ep.id).map((e) => [e.type, e.data.status ?? e.data.qr, e.data.reason ?? null])).toEqual([
      ["channel.status", "pending", ""],
      ["channel.qr", "QR-1", null],
      ["channel.qr", "QR-2", null],
      ["channel.status", "connected", ""],
      ["channel.status", "error", "Cannot reach WhatsApp: DNS lookup failed for web.whatsapp.com"],
    ]);
  });

  test("record.linked carries the conversation and the record", () => {
    const { t, a, ep } = setup(["record.linked"]);
    const r = t.services.ingest.ingest(inbound(a));
    if (!r.stored) throw new Error("not stored");
    emitRecordLinkedEvent(
      { db: t.db, baseUrl: "", secret: SECRET, now: t.clock() },
      findConversation(t.db, r.conversationId)!,
      { type: "contact", id: 7, name: "Ann Lee" },
    );
    const [event] = queued(t, ep.id);
    expect(event.data).toMatchObject({
      conversation: { id: r.conversationId, phone: "+447700900123" },
      record: { type: "contact", id: 7, name: "Ann Lee" },
    });
  });

  test("conversation.status: a person resolves, the customer's message reopens, each one event", () => {
    const { t, a, ep } = setup(["conversation.status"]);
    const r = t.services.ingest.ingest(inbound(a));
    if (!r.stored) throw new Error("not stored");
    setConversationStatus(t.db, [r.conversationId], { status: "resolved" }, keyOwner(t.db), t.clock());
    t.services.ingest.ingest(inbound(a));
    const events = queued(t, ep.id);
    expect(events.map((e) => [e.type, e.data.status, e.data.cause])).toEqual([
      ["conversation.status", "resolved", "user"],
      ["conversation.status", "open", "customer"],
    ]);
    expect(events[0].data).toMatchObject({
      conversation: { id: r.conversationId, status: "resolved" },
      by_user_id: keyOwner(t.db),
      snoozed_until: null,
    });
  });

  test("conversation.note: a note is its own event with author and mentions, never a message event", () => {
    const { t, a, ep } = setup(["conversation.note", "message.inbound", "message.outbound"]);
    const r = t.services.ingest.ingest(inbound(a));
    if (!r.stored) throw new Error("not stored");
    const owner = keyOwner(t.db);
    const conversation = findConversation(t.db, r.conversationId)!;
    addNote(
      t.db,
      conversation,
      { authorUserId: owner, text: "@Admin see this", mentions: [{ user_id: owner, start: 0, length: 6 }] },
      t.clock(),
    );
    const events = queued(t, ep.id);
    expect(events.map((e) => e.type)).toEqual(["message.inbound", "conversation.note"]);
    expect(events[1].data).toMatchObject({
      conversation: { id: r.conversationId },
      note: {
        author_user_id: owner,
        text: "@Admin see this",
        mentions: [{ user_id: owner, start: 0, length: 6 }],
        created_at: new Date(t.clock()).toISOString(),
      },
    });
  });

  test("conversation.labels: what was added and removed, and the labels now; no change, no event", () => {
    const { t, a, ep } = setup(["conversation.labels"]);
    const r = t.services.ingest.ingest(inbound(a));
    if (!r.stored) throw new Error("not stored");
    const vip = createLabel(t.db, "VIP", "purple", 0);
    const bug = createLabel(t.db, "Bug", "red", 0);
    if (!vip.ok || !bug.ok) throw new Error("seed");
    const owner = keyOwner(t.db);
    changeConversationLabels(t.db, r.conversationId, { add: [vip.label.id, bug.label.id] }, owner, t.clock());
    changeConversationLabels(t.db, r.conversationId, { add: [vip.label.id] }, owner, t.clock());
    changeConversationLabels(t.db, r.conversationId, { remove: [bug.label.id] }, null, t.clock());
    const events = queued(t, ep.id);
    expect(
      events.map((e) => [e.data.added, e.data.removed, e.data.labels.map((l: { name: string }) => l.name)]),
    ).toEqual([
      [[vip.label.id, bug.label.id], [], ["Bug", "VIP"]],
      [[], [bug.label.id], ["VIP"]],
    ]);
    expect(events[0].data).toMatchObject({
      by_user_id: owner,
      labels: [{ name: "Bug", color: "red" }, { color: "purple" }],
    });
    expect(events[1].data.by_user_id).toBeNull();
  });

  test("pruning drops old finished deliveries and their events, never pending ones", () => {
    const { t, a, ep } = setup(["message.inbound"]);
    t.services.ingest.ingest(inbound(a, { text: "old, delivered" }));
    t.services.ingest.ingest(inbound(a, { text: "old, still pending" }));
    const [done] = listDeliveries(t.db, ep.id, 10).reverse();
    recordAttempt(
      t.db,
      done!.id,
      { status: "succeeded", responseStatus: 200, responseMs: 1, responseBody: "", error: null },
      t.clock(),
    );
    expect(pruneWebhookLog(t.db, t.clock() + 1)).toBe(1);
    expect(queued(t, ep.id).map((e) => e.data.message.text)).toEqual(["old, still pending"]);
    expect(t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM webhook_events").get()!.n).toBe(1);
  });
});
