import { afterAll, beforeAll, describe, expect, mock, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";
import { shownConversation } from "./media-page.ts";

/**
 * What the driver asks Baileys not to do: decrypt contacts' status updates (stories), or fetch a
 * page to build a link preview for a text we send.
 */

/**
 * Baileys builds link previews with the optional package link-preview-js, which fetches the page.
 * It is not installed, so a stand-in here records whether Baileys would have asked it.
 */
const previewsAsked: string[] = [];
mock.module("link-preview-js", () => ({
  getLinkPreview: async (url: string) => {
    previewsAsked.push(url);
    return {};
  },
}));

const CHANNEL_PHONE = "+14155550100";
let scene: Scene;
let phone: WaUser;
let bob: WaUser;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  bob = scene.wa.contact("+447700900456", { name: "Bob" });
});

afterAll(async () => {
  await scene.close();
});

const get = async (path: string) => (await scene.pb.request(path, { session: scene.admin })).text();

describe("socket options", () => {
  test("a contact's status update never reaches the inbox, and is not even decrypted", async () => {
    const status = await bob.postStatus(phone, "Off to the beach!");
    const text = await bob.sendText(phone, "Are you open on Sunday?");
    await waitUntil("Bob's message in the inbox", async () =>
      (await get("/inbox")).includes("Are you open on Sunday?"),
    );
    const inbox = await get("/inbox");
    expect(inbox).not.toContain("Off to the beach!");
    expect(inbox.match(/id="conv-\d+"/g)).toHaveLength(1);
    const conversation = Number(/id="conv-(\d+)"/.exec(inbox)![1]);
    expect(await get(`/inbox/c/${conversation}`)).not.toContain("Off to the beach!");
    // Baileys acked the story without decrypting it: a delivery receipt goes only to the message.
    await scene.wa.waitForReceipt((r) => r.ids.includes(text.id));
    await scene.wa.waitFor((e) => e.type === "ack" && e.attrs.id === status.id && e);
    expect(scene.wa.receipts().some((r) => r.ids.includes(status.id))).toBe(false);
  });

  test("a text with a link is sent as typed, without fetching the page for a preview", async () => {
    const conversation = await shownConversation(scene);
    const res = await postForm(scene.pb, `/inbox/c/${conversation}/send`, scene.admin, {
      text: "Our opening hours: https://example.com/hours",
    });
    expect(res.status).toBe(303);
    const out = await scene.wa.waitForOutbound((m) => m.to === bob.jid);
    expect(out.text).toBe("Our opening hours: https://example.com/hours");
    expect(out.message?.extendedTextMessage?.matchedText ?? null).toBeNull();
    expect(previewsAsked).toEqual([]);
  });
});
