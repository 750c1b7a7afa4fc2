import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaUser } from "../wa-server/user.ts";
import { knownCustomer, pairChannel, replyFromInbox, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * One conversation, end to end, in order: a customer writes to a paired number through the
 * emulator, an agent answers from the inbox, the customer's phone sends delivery and read
 * receipts. Pairbox runs its real Baileys driver; the emulator encrypts and decrypts with Signal.
 */

const CHANNEL_PHONE = "+14155550100";
const ALICE_PHONE = "+447700900123";
let scene: Scene;
let phone: WaUser;
let alice: WaUser;
let aliceRecordId: number;
let conversationId: number;
let replyWaId: string;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  ({ user: alice, recordId: aliceRecordId } = knownCustomer(scene, ALICE_PHONE, {
    first: "Alice",
    last: "Smith",
  }));
});

afterAll(async () => {
  await scene.close();
});

const get = async (path: string) => (await scene.pb.request(path, { session: scene.admin })).text();

/** The bubbles of the conversation page: text and status (data-status) in order. */
async function bubbles(): Promise<{ direction: string; status: string; text: string }[]> {
  const html = await get(`/inbox/c/${conversationId}`);
  return [
    ...html.matchAll(/class="msg (in|out)[^"]*" data-status="(\w+)">([\s\S]*?)<div class="msg-meta">/g),
  ].map((m) => ({
    direction: m[1]!,
    status: m[2]!,
    text: /<div class="msg-text" dir="auto">([^<]*)<\/div>/.exec(m[3]!)?.[1] ?? "",
  }));
}

describe("a conversation through the emulator", () => {
  test("a contact's first message (a pre-key message) is in the inbox, linked to her record by phone", async () => {
    const sent = await alice.sendText(phone, "Hi, is my boiler fixed?");
    expect(sent.encTypes).toEqual(["pkmsg"]);
    conversationId = await waitUntil("the conversation in the inbox list", async () =>
      Number(/id="conv-(\d+)"/.exec(await get("/inbox"))?.[1] ?? 0),
    );
    await waitUntil("the message on the conversation page", async () =>
      (await bubbles()).some((b) => b.text === "Hi, is my boiler fixed?"),
    );
    const page = await get(`/inbox/c/${conversationId}`);
    expect(page).toContain(ALICE_PHONE);
    expect(page).toContain(`<a href="/records/contacts/${aliceRecordId}">Alice Smith</a>`);
    // Baileys told WhatsApp it got the message (its delivery receipt) before handing it over.
    const receipt = await scene.wa.waitForReceipt((r) => r.id === sent.id);
    expect(receipt.to).toBe(alice.jid);
  });

  test("a reply from the inbox reaches the contact and the phone: both copies decrypt to what was typed", async () => {
    await replyFromInbox(scene, conversationId, "Yes, all done. Invoice to follow.");
    const out = await scene.wa.waitForOutbound((m) => m.to === alice.jid);
    expect(out.text).toBe("Yes, all done. Invoice to follow.");
    expect(out.from).toBe(phone.linkedDevices()[0]!);
    // The copy for the linked account's own phone names the chat it belongs to.
    expect(out.deviceSent?.destinationJid).toBe(alice.jid);
    const onPhone = out.deviceSent?.message;
    expect(onPhone?.extendedTextMessage?.text ?? onPhone?.conversation).toBe(
      "Yes, all done. Invoice to follow.",
    );
    expect(out.copies.map((c) => c.jid).sort()).toEqual([alice.jid, phone.jid].sort());
    replyWaId = out.id;
    await waitUntil("the reply to show as sent", async () =>
      (await bubbles()).some((b) => b.direction === "out" && b.status === "sent"),
    );
    expect(
      scene.pb.db
        .query<{ wa_id: string }, []>("SELECT wa_id FROM messages WHERE direction = 'outbound'")
        .get()?.wa_id,
    ).toBe(replyWaId);
  });

  test("once answered, the contact's next message is an ordinary Signal message and arrives too", async () => {
    const sent = await alice.sendText(phone, "Great, thanks!");
    expect(sent.encTypes).toEqual(["msg"]);
    await waitUntil("the second message on the page", async () =>
      (await bubbles()).some((b) => b.text === "Great, thanks!"),
    );
    // WhatsApp stamps messages in whole seconds, so within one second the reply may sort either side.
    const all = await bubbles();
    expect(all.filter((b) => b.direction === "in").map((b) => b.text)).toEqual([
      "Hi, is my boiler fixed?",
      "Great, thanks!",
    ]);
    expect(all.filter((b) => b.direction === "out").map((b) => b.text)).toEqual([
      "Yes, all done. Invoice to follow.",
    ]);
  });

  test("the contact's delivery receipt, then read receipt, show on the reply", async () => {
    const reply = async () => (await bubbles()).find((b) => b.direction === "out");
    alice.sendReceipt(phone, replyWaId, "delivery");
    await waitUntil("Delivered on the reply", async () => (await reply())?.status === "delivered");
    alice.sendReceipt(phone, replyWaId, "read");
    await waitUntil("Read on the reply", async () => (await reply())?.status === "read");
    expect(await get(`/inbox/c/${conversationId}`)).toMatch(/<\/svg>Read<\/span>/);
    expect(scene.wa.errors()).toEqual([]);
  });
});
