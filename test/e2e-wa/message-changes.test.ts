import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { proto } from "@whiskeysockets/baileys";
import type { WaUser } from "../wa-server/user.ts";
import { makeKey } from "../api/helpers.ts";
import { knownCustomer, pairChannel, replyFromInbox, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * Reactions, edits, deletes for everyone, quotes, view-once and undecryptable messages, both ways,
 * through the emulator with the unmodified Baileys client: the customer's phone sends the real
 * protos, and what Pairbox sends is decrypted on her phone and read back.
 */

const CHANNEL_PHONE = "+14155550130";
const ALICE_PHONE = "+447700900141";
const Type = proto.Message.ProtocolMessage.Type;
let scene: Scene;
let phone: WaUser;
let alice: WaUser;
let conversationId: number;
/** Her first message, and our reply (WhatsApp ids). */
let hers: string;
let ours: string;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  ({ user: alice } = knownCustomer(scene, ALICE_PHONE, { first: "Alice", last: "Wong" }));
  hers = (await alice.sendText(phone, "Is the blue kettle in stock?")).id;
  conversationId = await waitUntil("the conversation in the inbox", async () =>
    Number(/id="conv-(\d+)"/.exec(await page("/inbox"))?.[1] ?? 0),
  );
  await replyFromInbox(scene, conversationId, "Yes, two left.");
  ours = (await scene.wa.waitForOutbound((m) => m.to === alice.jid && m.text === "Yes, two left.")).id;
  await waitUntil("our reply to be sent", () => rowByWaId(ours)?.status === "sent");
});

afterAll(async () => {
  await scene.close();
});

const page = async (path = `/inbox/c/${conversationId}`) =>
  (await scene.pb.request(path, { session: scene.admin })).text();

type Row = {
  id: number;
  conversation_id: number;
  text: string;
  status: string;
  deleted_at: number | null;
  awaiting_content: number;
};
const rowByWaId = (waId: string) =>
  scene.pb.db
    .query<Row, [string]>(
      "SELECT id, conversation_id, text, status, deleted_at, awaiting_content FROM messages WHERE wa_id = ?",
    )
    .get(waId);

/** The HTML of one bubble on its conversation's page. */
async function bubble(waId: string): Promise<string> {
  const row = rowByWaId(waId);
  const id = row?.id;
  const html = await page(`/inbox/c/${row?.conversation_id ?? conversationId}`);
  const start = html.indexOf(`id="msg-${id}"`);
  if (!id || start < 0) return "";
  const next = html.indexOf('id="msg-', start + 10);
  return html.slice(start, next < 0 ? undefined : next);
}

async function post(path: string, fields: Record<string, string>): Promise<Response> {
  const form = new FormData();
  form.set("_csrf", scene.admin.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return scene.pb.request(path, { method: "POST", body: form, session: scene.admin });
}

/** A key as the customer's phone names a message in her chat with the channel. */
const keyFor = (id: string, fromMe: boolean) => ({ remoteJid: phone.jid, fromMe, id });

describe("received from the customer's phone", () => {
  test("her reaction shows under our message with her name; taking it back removes it", async () => {
    await alice.sendMessage(
      phone,
      { reactionMessage: { key: keyFor(ours, false), text: "👍", senderTimestampMs: Date.now() } },
      { type: "reaction" },
    );
    await waitUntil("the reaction under our reply", async () => (await bubble(ours)).includes("👍"));
    expect(await bubble(ours)).toContain("Alice");
    const messages = scene.pb.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n;
    expect(messages).toBe(2);
    await alice.sendMessage(
      phone,
      { reactionMessage: { key: keyFor(ours, false), text: "", senderTimestampMs: Date.now() + 1 } },
      { type: "reaction" },
    );
    await waitUntil("the reaction gone", async () => !(await bubble(ours)).includes("👍"));
  });

  test("her edit shows the new text with 'edited', the earlier text one click away", async () => {
    await alice.sendMessage(phone, {
      editedMessage: {
        message: {
          protocolMessage: {
            type: Type.MESSAGE_EDIT,
            key: keyFor(hers, true),
            editedMessage: { conversation: "Is the red kettle in stock?" },
            timestampMs: Date.now(),
          },
        },
      },
    });
    await waitUntil("the edited text", () => rowByWaId(hers)?.text === "Is the red kettle in stock?");
    const html = await bubble(hers);
    expect(html).toContain("<summary>edited</summary>");
    expect(html).toContain("Is the blue kettle in stock?");
  });

  test("her delete for everyone: the bubble says so, the original stays behind Show original", async () => {
    const gone = (await alice.sendText(phone, "my address is 1 Secret Lane")).id;
    await waitUntil("the message to arrive", () => !!rowByWaId(gone));
    await alice.sendMessage(phone, { protocolMessage: { type: Type.REVOKE, key: keyFor(gone, true) } });
    await waitUntil("the message marked deleted", () => rowByWaId(gone)?.deleted_at !== null);
    const html = await bubble(gone);
    expect(html).toContain("This message was deleted");
    expect(html).toContain("<summary>Show original</summary>");
    // The original is kept here, never sent on: the API shows the message as deleted, without its text.
    const key = makeKey({ db: scene.pb.db, clock: Date.now }, "all", "read");
    const res = await scene.pb.request(`/api/v1/messages/${rowByWaId(gone)!.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const json = (await res.json()) as { deleted: boolean; text: string };
    expect(json).toMatchObject({ deleted: true, text: "" });
  });

  test("her reply quoting our message shows the quote in her bubble", async () => {
    const reply = (
      await alice.sendMessage(phone, {
        extendedTextMessage: {
          text: "I'll take one",
          contextInfo: {
            stanzaId: ours,
            participant: phone.jid,
            quotedMessage: { conversation: "Yes, two left." },
          },
        },
      })
    ).id;
    await waitUntil("the reply to arrive", () => !!rowByWaId(reply));
    expect(await bubble(reply)).toContain('<blockquote class="quote">Yes, two left.</blockquote>');
  });

  test("a view-once photo is marked as such", async () => {
    const photo = (
      await alice.sendMedia(phone, {
        kind: "image",
        bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
        mimetype: "image/jpeg",
        viewOnce: true,
      })
    ).id;
    await waitUntil("the photo to arrive", () => !!rowByWaId(photo));
    expect(await bubble(photo)).toContain("View once");
  });

  test("a message her phone's copy could not be decrypted: a placeholder, replaced in place by the retry", async () => {
    const id = "3EB0C1PHERTEXT0000000001";
    await alice.sendText(phone, "lost in transit", { id, garble: true });
    await scene.wa.waitForReceipt((r) => r.type === "retry" && r.ids.includes(id));
    await waitUntil("the placeholder row", () => rowByWaId(id)?.awaiting_content === 1);
    const placeholderId = rowByWaId(id)!.id;
    expect(await bubble(id)).toContain("Waiting for this message…");
    // Her phone answers the retry receipt by sending the message again, under the same id.
    await alice.sendText(phone, "lost in transit, found again", { id });
    await waitUntil("the real message", () => rowByWaId(id)?.awaiting_content === 0);
    expect(rowByWaId(id)).toMatchObject({ id: placeholderId, text: "lost in transit, found again" });
    expect(await bubble(id)).not.toContain("Waiting for this message");
  });
});

describe("sent from the inbox to her phone", () => {
  test("Reply quotes her message: her phone gets contextInfo with its id", async () => {
    const hersId = rowByWaId(hers)!.id;
    const res = await post(`/inbox/c/${conversationId}/send`, {
      text: "Red it is.",
      reply_to: String(hersId),
    });
    expect(res.status).toBe(303);
    const out = await scene.wa.waitForOutbound((m) => m.to === alice.jid && m.text === "Red it is.");
    expect(out.message?.extendedTextMessage?.contextInfo?.stanzaId).toBe(hers);
  });

  test("a reaction to her message reaches her phone", async () => {
    const res = await post(`/inbox/m/${rowByWaId(hers)!.id}/react`, { emoji: "❤️" });
    expect(res.status).toBe(303);
    const out = await scene.wa.waitForOutbound((m) => m.to === alice.jid && !!m.message?.reactionMessage);
    expect(out.message?.reactionMessage).toMatchObject({ text: "❤️", key: { id: hers } });
    expect(await bubble(hers)).toContain("❤️");
  });

  test("an edit of our reply, then its delete for everyone, reach her phone", async () => {
    const id = rowByWaId(ours)!.id;
    expect((await post(`/inbox/m/${id}/edit`, { text: "Yes, one left." })).status).toBe(303);
    const edit = await scene.wa.waitForOutbound(
      (m) =>
        m.to === alice.jid &&
        (m.message?.protocolMessage ?? m.message?.editedMessage?.message?.protocolMessage)?.type ===
          Type.MESSAGE_EDIT,
    );
    const editProto = edit.message?.protocolMessage ?? edit.message?.editedMessage?.message?.protocolMessage;
    expect(editProto?.key?.id).toBe(ours);
    expect(
      editProto?.editedMessage?.conversation ?? editProto?.editedMessage?.extendedTextMessage?.text,
    ).toBe("Yes, one left.");
    expect(rowByWaId(ours)?.text).toBe("Yes, one left.");

    expect((await post(`/inbox/m/${id}/delete`, {})).status).toBe(303);
    const revoke = await scene.wa.waitForOutbound(
      (m) => m.to === alice.jid && m.message?.protocolMessage?.type === Type.REVOKE,
    );
    expect(revoke.message?.protocolMessage?.key?.id).toBe(ours);
    expect(rowByWaId(ours)?.deleted_at).not.toBeNull();
    expect(scene.wa.errors()).toEqual([]);
  });
});

describe("in a group", () => {
  test("a member's reaction names the member; only the author edits or deletes; ours names the author", async () => {
    const bob = scene.wa.contact("+447700900142", { name: "Bob" });
    const group = scene.wa.group("Kettle Club", [alice, phone, bob]);
    const hersInGroup = (await group.sendText(alice, "Anyone tried the red one?")).id;
    await waitUntil("the group message", () => !!rowByWaId(hersInGroup));
    const key = { remoteJid: group.jid, fromMe: false, id: hersInGroup, participant: alice.jid };
    await group.sendMessage(
      bob,
      { reactionMessage: { key, text: "😂", senderTimestampMs: Date.now() } },
      { type: "reaction" },
    );
    await waitUntil("Bob's reaction", async () => (await bubble(hersInGroup)).includes("Bob"));
    // Bob cannot delete Alice's message for everyone; Alice can edit her own.
    await group.sendMessage(bob, { protocolMessage: { type: Type.REVOKE, key } });
    await group.sendMessage(alice, {
      protocolMessage: {
        type: Type.MESSAGE_EDIT,
        key: { ...key, fromMe: true },
        editedMessage: { conversation: "Anyone tried the red one? It whistles." },
      },
    });
    await waitUntil(
      "Alice's edit",
      () => rowByWaId(hersInGroup)?.text === "Anyone tried the red one? It whistles.",
    );
    expect(rowByWaId(hersInGroup)?.deleted_at).toBeNull();

    const res = await post(`/inbox/m/${rowByWaId(hersInGroup)!.id}/react`, { emoji: "👍" });
    expect(res.status).toBe(303);
    const out = await scene.wa.waitForOutbound((m) => m.to === group.jid && !!m.message?.reactionMessage);
    expect(out.message?.reactionMessage?.key).toMatchObject({ id: hersInGroup, participant: alice.jid });
    expect(scene.wa.errors()).toEqual([]);
  });
});
