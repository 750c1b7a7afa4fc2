import { describe, expect, test } from "bun:test";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { eventSchema, type EVENT_DATA } from "../../src/webhooks/schemas.ts";
import { insertEndpoint, listDeliveries } from "../../src/webhooks/store.ts";
import { applyMessageChange } from "../../src/messaging/message-changes.ts";
import { findConversation } from "../../src/messaging/conversations-store.ts";
import { findMessage } from "../../src/messaging/store.ts";
import { setConversationStatus } from "../../src/messaging/status.ts";
import { searchMessages } from "../../src/messaging/search.ts";
import { reactionsOf, editsOf } from "../../src/messaging/changes-store.ts";
import { DELETE_WINDOW_MS, EDIT_WINDOW_MS } from "../../src/messaging/actions.ts";
import type { MessageChange } from "../../src/whatsapp/driver.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { keyOwner, makeServices, SECRET } from "../webhooks/fixtures.ts";
import {
  addWorkflow,
  createRecord,
  makeWorkflowServices,
  runsOf,
  send as wfSend,
} from "../workflows/fixtures.ts";

/**
 * What WhatsApp does to messages after they are sent, as the messaging core keeps it: reactions,
 * edits and deletes for everyone (received and our own), replies, and placeholders for messages
 * WhatsApp could not decrypt yet.
 */

const ANN = "447700900123@s.whatsapp.net";

function setup() {
  const t = makeServices();
  const ch = makeChannel(t.db, "+14155550100");
  const ep = insertEndpoint(
    t.db,
    {
      name: "",
      url: "http://127.0.0.1:9/",
      events: ["message.inbound", "message.reaction", "message.edited", "message.deleted"],
      channelIds: [],
      active: true,
    },
    0,
    keyOwner(t.db),
  );
  installWebhooks(t.services, { ...t.core, secret: SECRET });
  const events = () =>
    listDeliveries(t.db, ep.id, 100)
      .reverse()
      .map((d) => {
        const body = JSON.parse(d.body);
        eventSchema(body.type as keyof typeof EVENT_DATA).parse(body);
        return body;
      });
  const receive = (over: Parameters<typeof inbound>[1] = {}) => {
    const r = t.services.ingest.ingest(inbound(ch, over));
    if (!r.stored) throw new Error("not stored");
    return findMessage(t.db, r.messageId)!;
  };
  const change = (c: Partial<MessageChange> & Pick<MessageChange, "kind">, chat = ANN) =>
    applyMessageChange(t.db, t.clock, ch, chat, {
      targetWaId: "",
      by: ANN,
      byName: "Ann",
      timestamp: t.clock(),
      ...c,
    } as MessageChange);
  return { t, ch, events, receive, change };
}

describe("received reactions", () => {
  test("stored under the message with who reacted; a new emoji replaces it, an empty one removes it", () => {
    const { t, receive, change, events } = setup();
    const m = receive({ waId: "ORIG1" });
    expect(change({ kind: "reaction", targetWaId: "ORIG1", emoji: "👍" })).toBe("applied");
    expect(change({ kind: "reaction", targetWaId: "ORIG1", emoji: "❤️", timestamp: t.clock() + 1 })).toBe(
      "applied",
    );
    expect(reactionsOf(t.db, [m.id]).map((r) => [r.reactor, r.reactor_name, r.emoji])).toEqual([
      [ANN, "Ann", "❤️"],
    ]);
    expect(change({ kind: "reaction", targetWaId: "ORIG1", emoji: "" })).toBe("applied");
    expect(reactionsOf(t.db, [m.id])).toEqual([]);
    const reactions = events().filter((e) => e.type === "message.reaction");
    expect(
      reactions.map((e) => [e.data.reaction.emoji, e.data.reaction.removed, e.data.reaction.jid]),
    ).toEqual([
      ["👍", false, ANN],
      ["❤️", false, ANN],
      ["", true, ANN],
    ]);
    expect(reactions[0].data.message.id).toBe(m.id);
  });

  test("never a new message: no unread, no message.inbound, a resolved conversation stays resolved", () => {
    const { t, receive, change, events } = setup();
    const m = receive({ waId: "ORIG2" });
    setConversationStatus(t.db, [m.conversation_id], { status: "resolved" }, null, t.clock());
    const before = findConversation(t.db, m.conversation_id)!;
    change({ kind: "reaction", targetWaId: "ORIG2", emoji: "😂" });
    const after = findConversation(t.db, m.conversation_id)!;
    expect(after.inbound_count).toBe(before.inbound_count);
    expect(after.last_message_id).toBe(before.last_message_id);
    expect(after.status).toBe("resolved");
    expect(events().filter((e) => e.type === "message.inbound")).toHaveLength(1);
    const count = t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n;
    expect(count).toBe(1);
  });

  test("a reaction to a message we do not hold, or from another chat, changes nothing", () => {
    const { t, receive, change } = setup();
    const m = receive({ waId: "ORIG3" });
    expect(change({ kind: "reaction", targetWaId: "NOPE", emoji: "👍" })).toBe("unknown message");
    expect(
      change({ kind: "reaction", targetWaId: "ORIG3", emoji: "👍" }, "447700900999@s.whatsapp.net"),
    ).toBe("refused");
    expect(reactionsOf(t.db, [m.id])).toEqual([]);
  });
});

describe("received edits and deletes", () => {
  test("an edit shows the new text, keeps the earlier one, and search finds only the current text", () => {
    const { t, ch, receive, change, events } = setup();
    const m = receive({ waId: "ED1", text: "see you at noon" });
    expect(change({ kind: "edit", targetWaId: "ED1", text: "see you at three" })).toBe("applied");
    const now = findMessage(t.db, m.id)!;
    expect(now.text).toBe("see you at three");
    expect(now.edited_at).not.toBeNull();
    expect(editsOf(t.db, [m.id]).map((e) => e.text)).toEqual(["see you at noon"]);
    expect(searchMessages(t.db, [ch], "three", 10).map((h) => h.message_id)).toEqual([m.id]);
    expect(searchMessages(t.db, [ch], "noon", 10)).toEqual([]);
    const edited = events().find((e) => e.type === "message.edited");
    expect(edited.data.previous_text).toBe("see you at noon");
    expect(edited.data.message.text).toBe("see you at three");
    expect(edited.data.message.edited_at).not.toBeNull();
  });

  test("only a message's author edits or deletes it: another group member cannot", () => {
    const { t, receive, change } = setup();
    const group = "120363041234567890@g.us";
    const bob = "447700900456@s.whatsapp.net";
    const m = receive({ waId: "GR1", kind: "group", chatJid: group, participantJid: ANN, text: "mine" });
    expect(change({ kind: "edit", targetWaId: "GR1", by: bob, text: "hijacked" }, group)).toBe("refused");
    expect(change({ kind: "revoke", targetWaId: "GR1", by: bob }, group)).toBe("refused");
    expect(change({ kind: "revoke", targetWaId: "GR1", by: "me" }, group)).toBe("refused");
    expect(findMessage(t.db, m.id)).toMatchObject({ text: "mine", deleted_at: null });
    expect(change({ kind: "edit", targetWaId: "GR1", by: ANN, text: "mine, edited" }, group)).toBe("applied");
  });

  test("a delete for everyone keeps the row and its text here, and sends neither on", () => {
    const { t, receive, change, events } = setup();
    const m = receive({ waId: "DEL1", text: "my card number is 4111" });
    expect(change({ kind: "revoke", targetWaId: "DEL1" })).toBe("applied");
    expect(change({ kind: "revoke", targetWaId: "DEL1" })).toBe("unchanged");
    const row = findMessage(t.db, m.id)!;
    expect(row.deleted_at).not.toBeNull();
    expect(row.text).toBe("my card number is 4111");
    const deleted = events().filter((e) => e.type === "message.deleted");
    expect(deleted).toHaveLength(1);
    expect(deleted[0].data.message).toMatchObject({ id: m.id, deleted: true, text: "", media: null });
    expect(JSON.stringify(deleted[0])).not.toContain("4111");
    // A deleted message is not edited any more.
    expect(change({ kind: "edit", targetWaId: "DEL1", text: "x" })).toBe("unchanged");
  });
});

describe("messages WhatsApp could not decrypt yet", () => {
  test("a placeholder row, replaced in place by the retried message, which alone is announced", () => {
    const { t, receive, events } = setup();
    const first = t.services.ingest.ingest(
      inbound(1, { waId: "CIPH1", text: "", type: "other", awaitingContent: true }),
    );
    expect(first.stored).toBe(false);
    const placeholder = t.db
      .query<{ id: number; awaiting_content: number; conversation_id: number }, []>(
        "SELECT id, awaiting_content, conversation_id FROM messages WHERE wa_id = 'CIPH1'",
      )
      .get()!;
    expect(placeholder.awaiting_content).toBe(1);
    expect(findConversation(t.db, placeholder.conversation_id)!.inbound_count).toBe(0);
    expect(events()).toEqual([]);
    // WhatsApp's retry: the same id again, now with its content.
    const real = receive({ waId: "CIPH1", text: "the real text" });
    expect(real.id).toBe(placeholder.id);
    expect(real).toMatchObject({ awaiting_content: 0, text: "the real text" });
    expect(findConversation(t.db, real.conversation_id)!.inbound_count).toBe(1);
    expect(events().map((e) => [e.type, e.data.message.id])).toEqual([["message.inbound", placeholder.id]]);
    // A replay of the real one changes nothing.
    expect(t.services.ingest.ingest(inbound(1, { waId: "CIPH1", text: "again" })).stored).toBe(false);
  });
});

describe("our own reactions, edits and deletes", () => {
  async function sentMessage(f: ReturnType<typeof setup>) {
    const m = f.receive({ waId: "IN1", text: "hi" });
    const out = f.t.services.send.send({
      channel: { id: f.ch, country_prefix: "", deleted_at: null },
      recipient: { conversation: findConversation(f.t.db, m.conversation_id)! },
      parts: [{ text: "hello", file: null }],
      userId: null,
      idempotencyKey: null,
    });
    if (!out.ok) throw new Error(out.message);
    await out.dispatched;
    return { inbound: m, outbound: findMessage(f.t.db, out.messages[0]!.id)! };
  }

  test("a reaction to the customer's message goes out once per key, and shows as ours", async () => {
    const f = setup();
    const { inbound: m } = await sentMessage(f);
    const request = () =>
      f.t.services.actions.request({
        message: m,
        kind: "react",
        value: "🙏",
        userId: null,
        idempotencyKey: "k1",
      });
    const first = request();
    if (!first.ok) throw new Error(first.message);
    expect((await first.dispatched)?.status).toBe("done");
    const again = request();
    expect(again.ok && again.replayed).toBe(true);
    expect(f.t.sent.filter((s) => s.payload.type === "reaction")).toEqual([
      {
        channelId: f.ch,
        to: "+447700900123",
        payload: {
          type: "reaction",
          target: { waId: "IN1", fromMe: false, participantJid: null },
          emoji: "🙏",
        },
      },
    ]);
    expect(reactionsOf(f.t.db, [m.id]).map((r) => [r.reactor, r.emoji])).toEqual([["me", "🙏"]]);
  });

  test("WhatsApp's limits: edit within 15 minutes, delete within 48 hours, only our own messages", async () => {
    const f = setup();
    const { inbound: m, outbound } = await sentMessage(f);
    const ask = (message: typeof m, kind: "react" | "edit" | "revoke", value = "") =>
      f.t.services.actions.request({ message, kind, value, userId: null, idempotencyKey: null });
    expect(ask(outbound, "react", "👍")).toMatchObject({ ok: false, status: 422 });
    expect(ask(m, "edit", "x")).toMatchObject({ ok: false, status: 422 });
    expect(ask(m, "react", "not an emoji")).toMatchObject({ ok: false, status: 400 });
    const edit = ask(outbound, "edit", "hello again");
    if (!edit.ok) throw new Error(edit.message);
    await edit.dispatched;
    expect(findMessage(f.t.db, outbound.id)).toMatchObject({ text: "hello again" });
    expect(f.t.sent.at(-1)?.payload).toEqual({
      type: "edit",
      target: { waId: outbound.wa_id!, fromMe: true, participantJid: null },
      text: "hello again",
    });
    f.t.advance(EDIT_WINDOW_MS + 1);
    expect(ask(findMessage(f.t.db, outbound.id)!, "edit", "too late")).toMatchObject({
      ok: false,
      error: "edit_window_passed",
    });
    f.t.advance(DELETE_WINDOW_MS);
    expect(ask(outbound, "revoke")).toMatchObject({ ok: false, error: "delete_window_passed" });
  });

  test("a delete for everyone within the window marks our message deleted once WhatsApp took it", async () => {
    const f = setup();
    const { outbound } = await sentMessage(f);
    const del = f.t.services.actions.request({
      message: outbound,
      kind: "revoke",
      value: "",
      userId: null,
      idempotencyKey: null,
    });
    if (!del.ok) throw new Error(del.message);
    expect((await del.dispatched)?.status).toBe("done");
    expect(findMessage(f.t.db, outbound.id)!.deleted_at).not.toBeNull();
    expect(f.t.sent.at(-1)?.payload.type).toBe("revoke");
  });

  test("a reply quotes the message by its WhatsApp id; reply_to from another conversation is refused", async () => {
    const f = setup();
    const { inbound: m } = await sentMessage(f);
    const other = f.receive({ waId: "ELSE", peerPhone: "+447700900999" });
    const conversation = findConversation(f.t.db, m.conversation_id)!;
    const send = (replyTo: number) =>
      f.t.services.send.send({
        channel: { id: f.ch, country_prefix: "", deleted_at: null },
        recipient: { conversation },
        parts: [{ text: "answering that", file: null }],
        userId: null,
        idempotencyKey: null,
        replyTo,
      });
    expect(send(other.id)).toMatchObject({ ok: false, status: 404 });
    expect(send(999_999)).toMatchObject({ ok: false, status: 404 });
    const ok = send(m.id);
    if (!ok.ok) throw new Error(ok.message);
    await ok.dispatched;
    expect(ok.messages[0]).toMatchObject({ quoted_wa_id: "IN1", quoted_text: "hi" });
    expect(f.t.sent.at(-1)?.payload).toEqual({
      type: "text",
      text: "answering that",
      quote: { waId: "IN1", fromMe: false, participantJid: null, text: "hi" },
    });
  });
});

describe("workflows and what is not a new message", () => {
  test("the Incoming WhatsApp trigger: no run for a placeholder or a reaction, one for the retried message", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: "+447700900123" });
    const flow = addWorkflow(t, "contact", [wfSend("Thanks!")]);
    t.services.ingest.ingest(
      inbound(channelId, { waId: "C1", text: "", type: "other", awaitingContent: true }),
    );
    await t.drain();
    expect(runsOf(t, flow)).toHaveLength(0);
    const placeholderId = t.db
      .query<{ id: number }, []>("SELECT id FROM messages WHERE wa_id = 'C1'")
      .get()!.id;
    t.services.ingest.ingest(inbound(channelId, { waId: "C1", text: "now readable" }));
    applyMessageChange(t.db, t.clock, channelId, ANN, {
      kind: "reaction",
      targetWaId: "C1",
      by: ANN,
      byName: "Ann",
      emoji: "👍",
      timestamp: t.clock(),
    });
    applyMessageChange(t.db, t.clock, channelId, ANN, {
      kind: "edit",
      targetWaId: "C1",
      by: ANN,
      byName: "Ann",
      text: "now readable, edited",
      timestamp: t.clock(),
    });
    await t.drain();
    expect(runsOf(t, flow).map((r) => [r.status, r.message_id])).toEqual([["done", placeholderId]]);
  });
});

describe("durable like a send", () => {
  test("after a restart a queued action goes out; one cut off mid-send fails rather than repeat", async () => {
    const f = setup();
    const m = f.receive({ waId: "R1" });
    const insert = (status: string) =>
      f.t.db
        .query(
          "INSERT INTO message_actions (message_id, kind, value, status, created_at) VALUES (?, 'react', '👍', ?, 0)",
        )
        .run(m.id, status);
    insert("sending");
    insert("queued");
    await f.t.services.actions.resume();
    const rows = f.t.db
      .query<{ status: string; error: string | null }, []>(
        "SELECT status, error FROM message_actions ORDER BY id",
      )
      .all();
    expect(rows.map((r) => r.status)).toEqual(["failed", "done"]);
    expect(rows[0]!.error).toContain("Interrupted by a restart");
    expect(f.t.sent.filter((s) => s.payload.type === "reaction")).toHaveLength(1);
  });
});
