import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaGroup } from "../wa-server/group-chat.ts";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, replyFromInbox, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * A WhatsApp group through the emulator: members write with their sender keys (a pairwise key
 * share first, then skmsg), Pairbox answers from the inbox (one skmsg every member's phone reads),
 * and the answer turns delivered / read only once every member's receipt came.
 */

const CHANNEL_PHONE = "+14155550140";
let scene: Scene;
let phone: WaUser;
let alice: WaUser;
let bob: WaUser;
let group: WaGroup;
let conversationId: number;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  alice = scene.wa.contact("+447700900141", { name: "Alice" });
  bob = scene.wa.contact("+447700900142", { name: "Bob" });
  group = scene.wa.group("Boiler Club", [alice, phone, bob]);
});

afterAll(async () => {
  await scene.close();
});

const page = async (path: string) => (await scene.pb.request(path, { session: scene.admin })).text();

/** The bubbles of the group conversation: direction, status, sender line and text, in order. */
async function bubbles() {
  const html = await page(`/inbox/c/${conversationId}`);
  return [
    ...html.matchAll(/class="msg (in|out)[^"]*" data-status="(\w+)">([\s\S]*?)<div class="msg-meta">/g),
  ].map((m) => ({
    direction: m[1]!,
    status: m[2]!,
    sender: /<div class="msg-sender"><bdi>([^<]*)<\/bdi>(?:<span class="muted"> ([^<]*)<\/span>)?/
      .exec(m[3]!)
      ?.slice(1, 3)
      .filter(Boolean)
      .join(" "),
    text: /<div class="msg-text" dir="auto">([^<]*)<\/div>/.exec(m[3]!)?.[1] ?? "",
  }));
}

describe("a group through the emulator", () => {
  test("a member's message is a group conversation named by its subject, showing the member", async () => {
    const sent = await group.sendText(alice, "Who has the spare valve?");
    expect(sent.encTypes).toEqual(["pkmsg", "skmsg"]);
    conversationId = await waitUntil("the group conversation in the inbox", async () =>
      Number(/id="conv-(\d+)"/.exec(await page("/inbox"))?.[1] ?? 0),
    );
    await waitUntil("the subject on the conversation page", async () =>
      (await page(`/inbox/c/${conversationId}`)).includes("Boiler Club"),
    );
    await group.sendText(bob, "Not me");
    await waitUntil("both messages", async () => (await bubbles()).length === 2);
    expect(await bubbles()).toEqual([
      {
        direction: "in",
        status: "received",
        sender: "Alice +447700900141",
        text: "Who has the spare valve?",
      },
      { direction: "in", status: "received", sender: "Bob +447700900142", text: "Not me" },
    ]);
  });

  test("a reply from the inbox reaches every member: each phone decrypts exactly what was typed", async () => {
    const groupQueries = () => scene.wa.events.filter((e) => e.type === "iq" && e.xmlns === "w:g2").length;
    // Pairbox asked once, when the group's first message came; the send uses what it learned then.
    expect(groupQueries()).toBe(1);
    await replyFromInbox(scene, conversationId, "I have one, dropping it by at 5");
    const out = await scene.wa.waitForOutbound((m) => m.to === group.jid);
    expect(out.stanza.attrs.to).toBe(group.jid);
    const read = out.members.map((c) => [
      c.jid,
      c.message.extendedTextMessage?.text ?? c.message.conversation,
    ]);
    expect(read.sort()).toEqual(
      [alice.jid, bob.jid, phone.jid].sort().map((jid) => [jid, "I have one, dropping it by at 5"]),
    );
    await waitUntil("the reply to show as sent", async () =>
      (await bubbles()).some((b) => b.direction === "out" && b.status === "sent"),
    );
    expect(groupQueries()).toBe(1);
  });

  test("the reply turns delivered, then read, only once every member's receipt came", async () => {
    const reply = async () => (await bubbles()).find((b) => b.direction === "out")!;
    const waId = scene.wa.outbound().find((m) => m.to === group.jid)!.id;
    const receiptsFor = () =>
      scene.pb.db
        .query<{ n: number }, [string]>(
          "SELECT count(*) AS n FROM message_receipts r JOIN messages m ON m.id = r.message_id WHERE m.wa_id = ?",
        )
        .get(waId)?.n ?? 0;

    group.sendReceipt(alice, phone, waId, "delivery");
    await waitUntil("Alice's receipt recorded", () => receiptsFor() === 1);
    expect((await reply()).status).toBe("sent");
    group.sendReceipt(bob, phone, waId, "delivery");
    await waitUntil("Delivered once both have it", async () => (await reply()).status === "delivered");

    group.sendReceipt(alice, phone, waId, "read");
    await waitUntil(
      "Alice's read recorded",
      () =>
        scene.pb.db
          .query<{ status: string }, [string, string]>(
            "SELECT r.status FROM message_receipts r JOIN messages m ON m.id = r.message_id WHERE m.wa_id = ? AND r.member = ?",
          )
          .get(waId, alice.jid)?.status === "read",
    );
    expect((await reply()).status).toBe("delivered");
    group.sendReceipt(bob, phone, waId, "read");
    await waitUntil("Read once both read it", async () => (await reply()).status === "read");
    expect(scene.wa.errors()).toEqual([]);
  });
});
