import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { applyMessageChange } from "../../src/messaging/message-changes.ts";
import { api, makeIntegrationApp, makeKey } from "./helpers.ts";

/** The API's side of issue 15: reply_to on send, reactions, edits and deletes, and the message JSON. */

const json = async (res: Response) => (await res.json()) as Record<string, any>;

function setup() {
  const t = makeIntegrationApp();
  const a = makeChannel(t.db, "+14155550100");
  const b = makeChannel(t.db, "+14155550200");
  const inA = t.services.ingest.ingest(
    inbound(a, { waId: "CUST1", text: "hello", peerPhone: "+447700900111" }),
  );
  const inB = t.services.ingest.ingest(
    inbound(b, { waId: "CUSTB", text: "other", peerPhone: "+447700900222" }),
  );
  if (!inA.stored || !inB.stored) throw new Error("not stored");
  return { t, a, b, inA, inB, key: makeKey(t, [a], "send") };
}

async function sendReply(f: ReturnType<typeof setup>, text: string, replyTo?: number) {
  return api(f.t, f.key, "/api/v1/messages", {
    method: "POST",
    json: { channel_id: f.a, conversation_id: f.inA.conversationId, text, reply_to: replyTo },
  });
}

describe("sending a reply", () => {
  test("reply_to quotes our message id; unknown or from another conversation is a 404 naming reply_to", async () => {
    const f = setup();
    const ok = await sendReply(f, "answering", f.inA.messageId);
    expect(ok.status).toBe(202);
    expect((await json(ok)).message).toMatchObject({ quoted_wa_id: "CUST1", quoted_text: "hello" });
    for (const bad of [f.inB.messageId, 999_999]) {
      const res = await sendReply(f, "nope", bad);
      expect(res.status).toBe(404);
      expect((await json(res)).message).toContain("reply_to");
    }
    const typo = await sendReply(f, "nope", -1);
    expect(typo.status).toBe(400);
  });
});

describe("reactions, edits and deletes over the API", () => {
  test("a reaction to the customer's message is sent and shows in the message JSON; empty removes it", async () => {
    const f = setup();
    const id = f.inA.messageId;
    const react = await api(f.t, f.key, `/api/v1/messages/${id}/reaction`, {
      method: "POST",
      json: { emoji: "👍" },
    });
    expect(react.status).toBe(200);
    const body = await json(react);
    expect(body.action).toMatchObject({ kind: "react", status: "done" });
    expect(body.message.reactions).toMatchObject([{ emoji: "👍", from_us: true, jid: null }]);
    expect(f.t.sent.at(-1)?.payload).toMatchObject({
      type: "reaction",
      emoji: "👍",
      target: { waId: "CUST1" },
    });
    // The customer reacts too: both show, each with who reacted.
    applyMessageChange(f.t.db, f.t.clock, f.a, null, {
      kind: "reaction",
      targetWaId: "CUST1",
      by: "447700900111@s.whatsapp.net",
      byName: "Ann",
      emoji: "😂",
      timestamp: f.t.clock() + 1,
    });
    const shown = await json(await api(f.t, f.key, `/api/v1/messages/${id}`));
    expect(shown.reactions.map((r: { emoji: string; name: string }) => [r.emoji, r.name])).toEqual([
      ["👍", ""],
      ["😂", "Ann"],
    ]);
    await api(f.t, f.key, `/api/v1/messages/${id}/reaction`, { method: "POST", json: { emoji: "" } });
    const after = await json(await api(f.t, f.key, `/api/v1/conversations/${f.inA.conversationId}/messages`));
    expect(after.data[0].reactions.map((r: { emoji: string }) => r.emoji)).toEqual(["😂"]);
    const bad = await api(f.t, f.key, `/api/v1/messages/${id}/reaction`, {
      method: "POST",
      json: { emoji: "ok" },
    });
    expect(bad.status).toBe(400);
  });

  test("edit and delete our own message within WhatsApp's limits, refused with the reason after", async () => {
    const f = setup();
    const sent = await json(await sendReply(f, "see you at 3"));
    const id = sent.message.id as number;
    await Bun.sleep(0);
    const edit = await api(f.t, f.key, `/api/v1/messages/${id}`, {
      method: "PATCH",
      json: { text: "see you at 4" },
    });
    expect(edit.status).toBe(200);
    expect((await json(edit)).message).toMatchObject({ text: "see you at 4" });
    // A customer's message is not ours to edit; ours cannot be reacted to.
    const notOurs = await api(f.t, f.key, `/api/v1/messages/${f.inA.messageId}`, {
      method: "PATCH",
      json: { text: "x" },
    });
    expect(notOurs.status).toBe(422);
    f.t.advance(16 * 60 * 1000);
    const late = await api(f.t, f.key, `/api/v1/messages/${id}`, { method: "PATCH", json: { text: "at 5" } });
    expect(late.status).toBe(422);
    expect(await json(late)).toMatchObject({ error: "edit_window_passed" });
    const del = await api(f.t, f.key, `/api/v1/messages/${id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    expect((await json(del)).message).toMatchObject({ deleted: true, text: "" });
    f.t.advance(49 * 60 * 60 * 1000);
    const second = await json(await sendReply(f, "old news"));
    f.t.advance(49 * 60 * 60 * 1000);
    const tooLate = await api(f.t, f.key, `/api/v1/messages/${second.message.id}`, { method: "DELETE" });
    expect(tooLate.status).toBe(422);
    expect(await json(tooLate)).toMatchObject({ error: "delete_window_passed" });
  });

  test("a read-only key cannot act; another channel's message is a 404 before the body is read", async () => {
    const f = setup();
    const read = makeKey(f.t, [f.a], "read");
    const res = await api(f.t, read, `/api/v1/messages/${f.inA.messageId}/reaction`, {
      method: "POST",
      json: { emoji: "👍" },
    });
    expect(res.status).toBe(403);
    const hidden = await api(f.t, f.key, `/api/v1/messages/${f.inB.messageId}`, {
      method: "PATCH",
      json: {},
    });
    expect(hidden.status).toBe(404);
  });
});
