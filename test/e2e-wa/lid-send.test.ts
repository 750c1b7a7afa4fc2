import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, replyFromInbox, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * A contact who moved to LID addressing writes from her LID (her number alongside) and is reached
 * only there: WhatsApp refuses (463) a message addressed to her number. Pairbox's reply goes to the
 * LID it learned, is read by her phone as typed, and turns sent, then delivered.
 */

const CHANNEL_PHONE = "+14155550170";
const FAY_PHONE = "+447700900171";
const FAY_LID = "66677788899911@lid";
let scene: Scene;
let phone: WaUser;
let fay: WaUser;
let conversationId: number;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  fay = scene.wa.contact(FAY_PHONE, { name: "Fay", lid: FAY_LID });
});

afterAll(async () => {
  await scene.close();
});

const page = async (path: string) => (await scene.pb.request(path, { session: scene.admin })).text();

/** The status of the outgoing bubble with this text, and the reason it shows when it failed. */
async function outgoing(text: string): Promise<{ status: string; reason: string | null } | null> {
  const html = await page(`/inbox/c/${conversationId}`);
  const bubble = [...html.matchAll(/class="msg out[^"]*" data-status="(\w+)">([\s\S]*?)<\/form>/g)].find(
    (m) => m[2]!.includes(text),
  );
  if (!bubble) return null;
  return {
    status: bubble[1]!,
    reason: /<div class="msg-error"><span>([^<]*)<\/span>/.exec(bubble[2]!)?.[1] ?? null,
  };
}

describe("a contact who moved to LID addressing", () => {
  test("her message from the LID is filed under her phone number", async () => {
    await fay.sendText(phone, "Is the van free on Friday?");
    conversationId = await waitUntil(
      "Fay's conversation",
      () =>
        scene.pb.db
          .query<{ id: number }, [string]>("SELECT id FROM conversations WHERE peer_phone = ?")
          .get(FAY_PHONE)?.id,
    );
  });

  test("the reply goes to her LID, reaches her exactly, and turns delivered", async () => {
    await replyFromInbox(scene, conversationId, "Yes, it is yours from 9am");
    const out = await scene.wa.waitForOutbound((m) => m.text === "Yes, it is yours from 9am");
    // Her phone only acknowledges what reached it: a refused message never did.
    if (!out.refused) fay.sendReceipt(phone, out.id, "delivery");
    // Refused, the reply fails with WhatsApp's 463 reason; accepted, her receipt makes it delivered.
    const shown = await waitUntil("WhatsApp's answer on the reply", async () => {
      const o = await outgoing("Yes, it is yours from 9am");
      return o && ["delivered", "failed"].includes(o.status) ? o : null;
    });
    expect(shown).toEqual({ status: "delivered", reason: null });
    expect(out.to).toBe(FAY_LID);
    expect(out.message?.conversation ?? out.message?.extendedTextMessage?.text).toBe(
      "Yes, it is yours from 9am",
    );
    expect(scene.wa.errors()).toEqual([]);
  });
});
