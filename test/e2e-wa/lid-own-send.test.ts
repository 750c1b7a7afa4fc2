import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * A message typed on the linked phone to a contact WhatsApp addresses by LID. Its stanza names our own
 * number beside the contact's LID (`sender_pn`: the sender's number), and rc14 files that number as
 * the contact's: its own LID store then says the contact is us, and it moves our Signal sessions to
 * the contact's LID. Pairbox's patch (patches/) keeps Baileys from learning pairs from our own messages.
 */

const CHANNEL_PHONE = "+14155550170";
const CONTACT_LID = "55512312312345@lid";
let scene: Scene;
let phone: WaUser;
let channelId: number;

beforeAll(async () => {
  scene = await startScene();
  channelId = await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
});

afterAll(async () => {
  await scene.close();
});

/** What Baileys' own LID store says the LID's number is (its `lid-mapping` keys in our auth store). */
const baileysPhoneFor = (lid: string) =>
  scene.pb.db
    .query<{ value: string }, [number, string]>(
      "SELECT value FROM wa_auth_keys WHERE channel_id = ? AND type = 'lid-mapping' AND id = ?",
    )
    .get(channelId, `${lid.split("@")[0]}_reverse`)?.value ?? null;

describe("our own messages to a LID chat", () => {
  test("teach no pair: the contact's LID is not filed as our own number, and the copy decrypts", async () => {
    const id = await phone.typeOnPhone(CONTACT_LID, "See you at 9", {
      addressing_mode: "lid",
      sender_pn: phone.jid,
    });
    const row = await waitUntil("the phone's message in Pairbox", () =>
      scene.pb.db
        .query<{ text: string; direction: string }, [string]>(
          "SELECT text, direction FROM messages WHERE wa_id = ?",
        )
        .get(id),
    );
    expect(row).toEqual({ text: "See you at 9", direction: "outbound" });
    expect(baileysPhoneFor(CONTACT_LID)).toBeNull();
    expect(scene.pb.db.query<{ n: number }, []>("SELECT count(*) AS n FROM wa_lid_map").get()?.n).toBe(0);
    const conversation = scene.pb.db
      .query<{ chat_jid: string }, []>("SELECT chat_jid FROM conversations")
      .get();
    expect(conversation?.chat_jid).toBe(CONTACT_LID);
  });
});
