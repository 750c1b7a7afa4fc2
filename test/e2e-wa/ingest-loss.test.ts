import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, type Scene } from "./harness.ts";

/**
 * Baileys tells WhatsApp it has a message (its delivery receipt) before handing it over, so from then
 * on the message exists only in Pairbox's hands: nothing between that receipt and the database may
 * hold it (a group query WhatsApp never answers) or drop it (a shutdown).
 */

const CHANNEL_PHONE = "+14155550150";
let scene: Scene;
let phone: WaUser;
let alice: WaUser;
let bob: WaUser;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  alice = scene.wa.contact("+447700900151", { name: "Alice" });
  bob = scene.wa.contact("+447700900152", { name: "Bob" });
});

afterAll(async () => {
  await scene.close();
});

const stored = (waId: string) =>
  scene.pb.db.query<{ text: string }, [string]>("SELECT text FROM messages WHERE wa_id = ?").get(waId)
    ?.text ?? null;

describe("messages between Baileys' receipt and the database", () => {
  test("a group message whose group query hangs, and a direct message after it, are both stored by stopAll", async () => {
    const group = scene.wa.group("Night shift", [alice, phone]);
    // WhatsApp never describes the group: Baileys would wait 60 s for it.
    scene.wa.handleIq("w:g2", "query", () => new Promise(() => {}));
    const inGroup = await group.sendText(alice, "Anyone on call tonight?");
    const direct = await bob.sendText(phone, "My heating is off");
    await scene.wa.waitForReceipt((r) => r.id === direct.id);
    await scene.pb.sessions.stopAll();
    expect(stored(inGroup.id)).toBe("Anyone on call tonight?");
    expect(stored(direct.id)).toBe("My heating is off");
    // The subject is filled in later; until then the group shows without one, never lost.
    const title = scene.pb.db
      .query<{ title: string }, [string]>("SELECT title FROM conversations WHERE chat_jid = ?")
      .get(group.jid)?.title;
    expect(title).toBe("");
    expect(scene.wa.errors()).toEqual([]);
  });
});
