import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, replyFromInbox, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * WhatsApp may accept a message and then refuse it in its ack: 463 when the account may not start
 * new chats (restricted, or no privacy token for the contact), 479 when the message does not match
 * the contact's devices. The agent reads why on the message; a restriction shows on the channel.
 */

const CHANNEL_PHONE = "+14155550160";
let scene: Scene;
let phone: WaUser;
let erin: WaUser;
let channelId: number;
let conversationId: number;

beforeAll(async () => {
  scene = await startScene();
  channelId = await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  erin = scene.wa.contact("+447700900161", { name: "Erin" });
  await erin.sendText(phone, "Hello?");
  conversationId = await waitUntil(
    "Erin's conversation",
    () => scene.pb.db.query<{ id: number }, []>("SELECT id FROM conversations").get()?.id,
  );
});

afterAll(async () => {
  await scene.close();
});

const page = async (path: string) => (await scene.pb.request(path, { session: scene.admin })).text();

/** The failed bubble's reason, once the reply shows failed. */
async function failureShown(text: string): Promise<string> {
  return waitUntil(`"${text}" to show as failed`, async () => {
    const html = await page(`/inbox/c/${conversationId}`);
    const bubble = [...html.matchAll(/data-status="failed">([\s\S]*?)<\/form>/g)].find((m) =>
      m[1]!.includes(text),
    );
    return bubble ? /<div class="msg-error"><span>([^<]*)<\/span>/.exec(bubble[1]!)?.[1] : null;
  });
}

describe("sends WhatsApp refuses in its ack", () => {
  test("463: the message fails saying the number may not start new chats, not a generic failure", async () => {
    scene.wa.rejectNextSend(463);
    await replyFromInbox(scene, conversationId, "Here is your quote");
    expect(await failureShown("Here is your quote")).toContain("may not start new chats right now");
  });

  test("479: the message fails saying the contact's devices did not match", async () => {
    scene.wa.rejectNextSend(479);
    await replyFromInbox(scene, conversationId, "Second try");
    expect(await failureShown("Second try")).toContain("they may have changed phones");
  });

  test("WhatsApp's restriction on new chats shows on the channel page until it is lifted", async () => {
    const until = new Date(Date.now() + 3 * 60 * 60 * 1000);
    phone.restrict(until);
    const shown = `${until.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    await waitUntil("the restriction on the channel page", async () =>
      (await page(`/channels/${channelId}/state`)).includes(`WhatsApp restricts this number until <time`),
    );
    expect(await page(`/channels/${channelId}/state`)).toContain(shown);
    phone.restrict(null);
    await waitUntil(
      "the restriction gone",
      async () => !(await page(`/channels/${channelId}/state`)).includes("WhatsApp restricts this number"),
    );
    expect(scene.wa.errors()).toEqual([]);
  });
});
