import { describe, expect, test } from "bun:test";
import { attachPhoneToLid } from "../../src/messaging/conversations-store.ts";
import { rememberLid } from "../../src/whatsapp/baileys/cache-store.ts";
import { inboxFixture, readEvents } from "./http-fixture.ts";

/**
 * A wrong LID merge undone in the browser: a bad pair put Bob's LID on Ann's number, so Bob's
 * messages landed in Ann's conversation. "This is not +44…: separate" gives them back their own.
 */

const ANN = "+447700900123";
const BOB_LID = "99988877766655@lid";
/** Bob's message as WhatsApp names him: by LID alone. */
const FROM_BOB = {
  chatJid: BOB_LID,
  peerLid: BOB_LID,
  senderLid: BOB_LID,
  peerPhone: null,
  senderPhone: null,
  senderName: "Bob",
};

async function wronglyMerged() {
  const f = await inboxFixture();
  const ann = f.receive(f.sales, { peerPhone: ANN, senderName: "Ann", text: "Ann here" });
  f.receive(f.sales, { ...FROM_BOB, text: "Bob here" });
  rememberLid(f.t.db, f.sales, BOB_LID, ANN, 1);
  attachPhoneToLid(f.t.db, f.sales, BOB_LID, ANN);
  return { f, annConversation: ann.conversationId };
}

const messagesOf = (f: Awaited<ReturnType<typeof inboxFixture>>, conversationId: number) =>
  f.t.db
    .query<{ text: string; sender_phone: string | null }, [number]>(
      "SELECT text, sender_phone FROM messages WHERE conversation_id = ? ORDER BY id",
    )
    .all(conversationId);

describe("separating a LID wrongly attached to a phone number", () => {
  test("the conversation offers to separate them; separating gives the LID its messages back", async () => {
    const { f, annConversation } = await wronglyMerged();
    expect(messagesOf(f, annConversation).map((m) => m.text)).toEqual(["Ann here", "Bob here"]);
    const page = await f.get(`/inbox/c/${annConversation}`, f.sam);
    expect(page.html).toContain(`This is not ${ANN}: separate`);
    expect(page.html).toContain(`action="/inbox/c/${annConversation}/separate-lid"`);

    const res = await f.post(`/inbox/c/${annConversation}/separate-lid`, f.sam, {}, { htmx: false });
    expect(res.status).toBe(303);
    const bob = f.t.db
      .query<{ id: number; peer_phone: string | null; title: string }, [string]>(
        "SELECT id, peer_phone, title FROM conversations WHERE chat_jid = ?",
      )
      .get(BOB_LID)!;
    expect(res.headers.get("location")).toBe(`/inbox/c/${bob.id}`);
    expect(bob).toMatchObject({ peer_phone: null, title: "Bob" });
    expect(messagesOf(f, bob.id)).toEqual([{ text: "Bob here", sender_phone: null }]);
    expect(messagesOf(f, annConversation)).toEqual([{ text: "Ann here", sender_phone: ANN }]);
    expect(f.t.db.query("SELECT peer_lid FROM conversations WHERE id = ?").get(annConversation)).toEqual({
      peer_lid: null,
    });
    // The pair is gone, refused by Sam, and not learned again from any source.
    expect(f.t.db.query("SELECT * FROM wa_lid_map").all()).toEqual([]);
    expect(f.t.db.query("SELECT lid, phone, refused_by FROM wa_lid_refused").all()).toEqual([
      { lid: BOB_LID, phone: ANN, refused_by: f.sam.userId },
    ]);
    expect(rememberLid(f.t.db, f.sales, BOB_LID, ANN, 2)).toBe(false);
    expect((await f.get(`/inbox/c/${annConversation}`, f.sam)).html).not.toContain("separate");
  });

  test("another tab with the conversation open is told it changed", async () => {
    const { f, annConversation } = await wronglyMerged();
    const pushed = await readEvents(
      f,
      f.admin,
      `/inbox/events?open=${annConversation}`,
      `#conv-header-${annConversation}`,
      () => f.post(`/inbox/c/${annConversation}/separate-lid`, f.sam, {}).then(() => {}),
    );
    expect(pushed).toContain(`hx-target="#conv-header-${annConversation}"`);
  });

  test("refused without CSRF, to people who may not use the channel, and where there is no LID", async () => {
    const { f, annConversation } = await wronglyMerged();
    const noCsrf = await f.t.request(`/inbox/c/${annConversation}/separate-lid`, {
      method: "POST",
      body: new FormData(),
      session: f.sam,
    });
    expect(noCsrf.status).toBe(403);
    const support = f.receive(f.support, { peerPhone: "+447700900999" });
    f.t.db
      .query("UPDATE conversations SET peer_lid = ? WHERE id = ?")
      .run("55544433322211@lid", support.conversationId);
    expect((await f.post(`/inbox/c/${support.conversationId}/separate-lid`, f.sam, {})).status).toBe(404);
    const plain = f.receive(f.sales, { peerPhone: "+447700900444" });
    const none = await f.post(`/inbox/c/${plain.conversationId}/separate-lid`, f.sam, {});
    expect(none.status).toBe(409);
    expect(none.html).toContain("no LID attached");
    expect(messagesOf(f, annConversation)).toHaveLength(2);
    expect(f.t.db.query("SELECT count(*) AS n FROM wa_lid_refused").get()).toEqual({ n: 0 });
  });

  test("a LID conversation that only took the number is renamed back, losing the links the number made", async () => {
    const f = await inboxFixture();
    const bob = f.receive(f.sales, FROM_BOB);
    attachPhoneToLid(f.t.db, f.sales, BOB_LID, ANN);
    // Linked by the number it took, as the session does after a pair.
    const made = await f.post("/records/accounts", f.admin, { name: "Globex" }, { htmx: false });
    const account = Number(/\/records\/accounts\/(\d+)/.exec(made.headers.get("location") ?? "")![1]);
    f.t.db
      .query(
        "INSERT INTO conversation_links (conversation_id, record_type, record_id, linked_at, manual) VALUES (?, 'account', ?, 0, 0)",
      )
      .run(bob.conversationId, account);
    const res = await f.post(`/inbox/c/${bob.conversationId}/separate-lid`, f.sam, {}, { htmx: false });
    expect(res.headers.get("location")).toBe(`/inbox/c/${bob.conversationId}`);
    expect(
      f.t.db
        .query("SELECT chat_jid, peer_phone, peer_lid FROM conversations WHERE id = ?")
        .get(bob.conversationId),
    ).toEqual({ chat_jid: BOB_LID, peer_phone: null, peer_lid: BOB_LID });
    expect(f.t.db.query("SELECT count(*) AS n FROM conversation_links").get()).toEqual({ n: 0 });
  });
});
