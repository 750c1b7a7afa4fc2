import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";
import { fileBytes, servedFile, sha256, shownConversation, shownMessages } from "./media-page.ts";

/**
 * A media server that stops answering must not hold a channel: sends go one at a time per channel,
 * so a stalled upload would keep every later message waiting. The emulator's media host holds one
 * request unanswered; Pairbox runs with limits of a second or two (production: minutes).
 */

const CHANNEL_PHONE = "+14155550170";
let scene: Scene;
let phone: WaUser;
let erin: WaUser;
let conversationId: number;

beforeAll(async () => {
  scene = await startScene({
    driver: {
      timeouts: { responseMs: 1_500, idleMs: 1_500, baseMs: 1_500, sendMarginMs: 8_000, phoneRetryMs: 1_500 },
    },
  });
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  erin = scene.wa.contact("+447700900654", { name: "Erin" });
  await erin.sendText(phone, "Hello!");
  conversationId = await shownConversation(scene);
});

afterAll(async () => {
  await scene.close();
});

const shown = () => shownMessages(scene.pb, scene.admin, conversationId);

async function post(path: string, fields: Record<string, string | File>) {
  const form = new FormData();
  form.set("_csrf", scene.admin.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await scene.pb.request(path, { method: "POST", body: form, session: scene.admin });
  expect(res.status).toBe(303);
}

describe("a stalled media server", () => {
  test("a stalled upload fails with a plain reason, the next message on the channel still goes, and Retry sends the file", async () => {
    const stall = scene.wa.media.stall("upload");
    const bytes = fileBytes(12_345);
    await post(`/inbox/c/${conversationId}/send`, {
      text: "The contract",
      file: new File([bytes], "contract.pdf", { type: "application/pdf" }),
    });
    await post(`/inbox/c/${conversationId}/send`, { text: "Did the contract come through?" });
    await stall.hit;
    await scene.wa.waitForOutbound((m) => m.text === "Did the contract come through?", {
      what: "the message after the stalled upload",
      timeoutMs: 20_000,
    });
    const failed = (await shown()).find((b) => b.docName === "contract.pdf");
    expect(failed).toMatchObject({
      direction: "out",
      status: "failed",
      error: "Uploading the file to WhatsApp failed or took too long: nothing was sent, try again",
    });
    expect(scene.wa.outbound().some((m) => m.media?.fileName === "contract.pdf")).toBe(false);

    await post(`/inbox/m/${failed!.id}/retry`, {});
    const out = await scene.wa.waitForOutbound((m) => m.media?.fileName === "contract.pdf");
    expect(sha256(out.media!.bytes)).toBe(sha256(bytes));
    await waitUntil("the retried file to show as sent", async () =>
      (await shown()).some((b) => b.id === failed!.id && b.status === "sent"),
    );
  });

  test("a stalled download fails with a plain reason while later media arrives, and Retry fetches it", async () => {
    const stall = scene.wa.media.stall("download");
    const photo = fileBytes(40_000);
    await erin.sendMedia(phone, { kind: "image", bytes: photo, caption: "Stuck photo" });
    await stall.hit;
    const doc = fileBytes(8_000);
    await erin.sendMedia(phone, { kind: "document", bytes: doc, fileName: "after.pdf" });
    await waitUntil("the document after the stalled photo", async () =>
      (await shown()).some((b) => b.docName === "after.pdf"),
    );
    const failed = await waitUntil("the stalled photo to give up", async () =>
      (await shown()).find((b) => b.text === "Stuck photo" && b.note?.startsWith("Media unavailable")),
    );
    expect(failed.note).toBe(
      "Media unavailable: Download failed: WhatsApp's media server did not answer in time.",
    );
    expect(failed.retry).toBe(true);

    await post(`/inbox/m/${failed.id}/media-retry`, {});
    const fetched = await waitUntil("the photo after Retry", async () =>
      (await shown()).find((b) => b.id === failed.id && b.shows === "image"),
    );
    expect((await servedFile(scene.pb, scene.admin, fetched.src!))?.sha256).toBe(sha256(photo));
  });

  test("expired media the phone does not send again in time says so and offers Retry", async () => {
    await erin.sendMedia(phone, {
      kind: "voice",
      bytes: fileBytes(3_000),
      expired: true,
      phone: "silent",
    });
    const failed = await waitUntil(
      "the voice note to give up on the phone",
      async () => (await shown()).find((b) => b.note?.includes("did not send it again")),
      10_000,
    );
    expect(failed.note).toBe(
      "Media unavailable: Download failed: The media has expired on WhatsApp and the phone did not send it again in time (it may be offline): try again later.",
    );
    expect(failed.retry).toBe(true);
    expect(scene.wa.errors()).toEqual([]);
  });
});
