import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * Someone reads a chat on the phone itself (or another linked device): WhatsApp tells Pairbox with
 * a read receipt from the account's own number, and the inbox stops counting those messages as
 * unread, for everyone. Only the inbox list is looked at: opening a conversation marks it read.
 */

const CHANNEL_PHONE = "+14155550160";
let scene: Scene;
let phone: WaUser;
let carol: WaUser;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  carol = scene.wa.contact("+447700900789", { name: "Carol" });
});

afterAll(async () => {
  await scene.close();
});

/** The unread count the inbox list shows on Carol's conversation (0: none shown). */
async function shownUnread(): Promise<number> {
  const html = await (await scene.pb.request("/inbox", { session: scene.admin })).text();
  return Number(/<span class="unread-count"[^>]*>(\d+)<\/span>/.exec(html)?.[1] ?? 0);
}

describe("reads done on the phone", () => {
  test("clear the inbox's unread count up to the message read, and no further", async () => {
    const ids: string[] = [];
    for (const text of ["Hello?", "Is the shop open today?", "I need a spare key"])
      ids.push((await carol.sendText(phone, text)).id);
    await waitUntil("3 unread in the inbox", async () => (await shownUnread()) === 3);

    phone.readOnPhone(carol, ids.slice(0, 2));
    await waitUntil("1 unread once the phone read the first two", async () => (await shownUnread()) === 1);

    phone.readOnPhone(carol, ids[2]!);
    await waitUntil("nothing unread once the phone read the last", async () => (await shownUnread()) === 0);
    const unreadFilter = await (
      await scene.pb.request("/inbox?filter=unread", { session: scene.admin })
    ).text();
    expect(unreadFilter).not.toContain("I need a spare key");

    // A message after the read counts as unread again.
    await carol.sendText(phone, "Hello again");
    await waitUntil("1 unread after a new message", async () => (await shownUnread()) === 1);
    expect(scene.wa.errors()).toEqual([]);
  });
});
