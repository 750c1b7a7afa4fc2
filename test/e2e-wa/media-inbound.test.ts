import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MediaInput } from "../wa-server/media.ts";
import type { WaUser } from "../wa-server/user.ts";
import { knownCustomer, pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";
import {
  fileBytes,
  servedFile,
  sha256,
  shownConversation,
  type ShownMessage,
  shownMessages,
} from "./media-page.ts";

/**
 * A customer sends every kind of media through the emulator: each file is encrypted as WhatsApp
 * does and put on the emulator's HTTPS media host; Pairbox's Baileys driver fetches and decrypts
 * it, and the conversation page shows it, its file served byte for byte.
 */

const CHANNEL_PHONE = "+14155550140";
const BOB_PHONE = "+447700900456";
let scene: Scene;
let phone: WaUser;
let bob: WaUser;
let bobRecordId: number;
let conversationId = 0;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  ({ user: bob, recordId: bobRecordId } = knownCustomer(scene, BOB_PHONE, { first: "Bob", last: "Builder" }));
});

afterAll(async () => {
  await scene.close();
});

/** Bob sends one file; resolves with its bubble once the page shows the file (not a note). */
async function sendAndShow(input: MediaInput): Promise<ShownMessage> {
  const before = conversationId ? (await shownMessages(scene.pb, scene.admin, conversationId)).length : 0;
  await bob.sendMedia(phone, input);
  conversationId ||= await shownConversation(scene);
  return waitUntil(`the ${input.kind} on the conversation page`, async () => {
    const shown = await shownMessages(scene.pb, scene.admin, conversationId);
    const last = shown.length > before ? shown.at(-1) : undefined;
    return last && last.shows !== "note" ? last : null;
  });
}

async function expectServed(bubble: ShownMessage, bytes: Uint8Array, type: string) {
  expect(bubble.src).not.toBeNull();
  const served = await servedFile(scene.pb, scene.admin, bubble.src!);
  expect(served?.sha256).toBe(sha256(bytes));
  expect(served?.type).toBe(type);
  return served;
}

describe("media from a contact, through the emulator's media host", () => {
  test("a photo with a caption shows inline with its caption, in the conversation linked to his record", async () => {
    const bytes = fileBytes(48_213);
    const bubble = await sendAndShow({
      kind: "image",
      bytes,
      mimetype: "image/jpeg",
      caption: "The leak, see?",
    });
    expect(bubble).toMatchObject({ direction: "in", shows: "image", text: "The leak, see?" });
    await expectServed(bubble, bytes, "image/jpeg");
    const page = await (
      await scene.pb.request(`/inbox/c/${conversationId}`, { session: scene.admin })
    ).text();
    expect(page).toContain(`<a href="/records/contacts/${bobRecordId}">Bob Builder</a>`);
  });

  test("a voice note (OGG/Opus push-to-talk) gets a player", async () => {
    const bytes = fileBytes(7_040);
    const bubble = await sendAndShow({ kind: "voice", bytes });
    expect(bubble.shows).toBe("audio");
    await expectServed(bubble, bytes, "audio/ogg");
    const row = scene.pb.db
      .query<{ type: string }, [number]>("SELECT type FROM messages WHERE id = ?")
      .get(bubble.id);
    expect(row?.type).toBe("voice");
  });

  test("audio and video get their players", async () => {
    const audio = fileBytes(16_000);
    const heard = await sendAndShow({ kind: "audio", bytes: audio, mimetype: "audio/mpeg" });
    expect(heard.shows).toBe("audio");
    await expectServed(heard, audio, "audio/mpeg");
    const video = fileBytes(150_001);
    const seen = await sendAndShow({ kind: "video", bytes: video, caption: "It drips" });
    expect(seen).toMatchObject({ shows: "video", text: "It drips" });
    await expectServed(seen, video, "video/mp4");
  });

  test("a document is a download under its file name, and the name is cleaned of paths", async () => {
    const bytes = fileBytes(20_480);
    const bubble = await sendAndShow({
      kind: "document",
      bytes,
      mimetype: "application/pdf",
      fileName: "../../Quote 2041.pdf",
      caption: "Quote attached",
    });
    expect(bubble).toMatchObject({ shows: "document", docName: "Quote 2041.pdf", text: "Quote attached" });
    const served = await expectServed(bubble, bytes, "application/pdf");
    expect(served?.disposition).toContain('attachment; filename="Quote 2041.pdf"');
  });

  test("a sticker (WebP) shows as a sticker", async () => {
    const bytes = fileBytes(9_000);
    const bubble = await sendAndShow({ kind: "sticker", bytes });
    expect(bubble.shows).toBe("sticker");
    await expectServed(bubble, bytes, "image/webp");
    expect(scene.wa.errors()).toEqual([]);
  });
});
