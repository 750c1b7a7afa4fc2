import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { normalizeMessageContent } from "@whiskeysockets/baileys";
import { loadRawMessage } from "../../src/whatsapp/baileys/cache-store.ts";
import type { MediaInput } from "../wa-server/media.ts";
import type { WaUser } from "../wa-server/user.ts";
import { pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";
import {
  fileBytes,
  servedFile,
  sha256,
  shownConversation,
  type ShownMessage,
  shownMessages,
} from "./media-page.ts";

/**
 * WhatsApp's media hosts keep a file for a limited time; after that they answer 410 and only the
 * phone can send it again (a `server-error` receipt, answered by a `mediaretry` notification with
 * a new direct path). Pairbox asks the phone itself: Baileys rc14's own re-upload never runs.
 */

const CHANNEL_PHONE = "+14155550160";
let scene: Scene;
let channelId: number;
let phone: WaUser;
let dave: WaUser;
let conversationId = 0;

beforeAll(async () => {
  scene = await startScene();
  channelId = await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  dave = scene.wa.contact("+447700900321", { name: "Dave" });
});

afterAll(async () => {
  await scene.close();
});

/** Dave sends a file; resolves with its bubble once the page shows the file or a failure note. */
async function sendAndSettle(input: MediaInput): Promise<{ id: string; bubble: ShownMessage }> {
  const sent = await dave.sendMedia(phone, input);
  conversationId ||= await shownConversation(scene);
  const bubble = await waitUntil("the file, or why it is missing, on the page", async () => {
    const row = scene.pb.db
      .query<{ id: number }, [string]>("SELECT id FROM messages WHERE wa_id = ?")
      .get(sent.id);
    const shown = (await shownMessages(scene.pb, scene.admin, conversationId)).find((b) => b.id === row?.id);
    return shown && !shown.note?.startsWith("Downloading") ? shown : null;
  });
  return { id: sent.id, bubble };
}

describe("media that expired on WhatsApp's servers", () => {
  test("is asked from the phone again, and the photo shows", async () => {
    const bytes = fileBytes(33_000);
    const { id, bubble } = await sendAndSettle({ kind: "image", bytes, caption: "Old photo", expired: true });
    expect(bubble).toMatchObject({ shows: "image", text: "Old photo" });
    expect((await servedFile(scene.pb, scene.admin, bubble.src!))?.sha256).toBe(sha256(bytes));
    // The host refused the first fetch; the phone sent the file again; the new path was fetched.
    const media = scene.wa.events.filter((e) => e.type === "media" || e.type === "media-retry");
    expect(media.map((e) => (e.type === "media" ? `${e.action} ${e.status}` : `retry ${e.result}`))).toEqual([
      "download 410",
      "retry reuploaded",
      "download 200",
    ]);
    // The refreshed message is kept, so a later download goes straight to the new path.
    const kept = loadRawMessage(scene.pb.db, channelId, id);
    const path = normalizeMessageContent(kept?.message)?.imageMessage?.directPath ?? "";
    const last = scene.wa.events.findLast((e) => e.type === "media");
    expect(last?.type === "media" && path.startsWith(last.path)).toBe(true);
  });

  test("a phone that no longer has the file: the page says so plainly and offers Retry", async () => {
    const { bubble } = await sendAndSettle({
      kind: "document",
      bytes: fileBytes(4_000),
      fileName: "old.pdf",
      expired: true,
      phone: "lost",
    });
    expect(bubble.shows).toBe("note");
    expect(bubble.note).toBe(
      "Media unavailable: Download failed: The media has expired on WhatsApp and the phone no longer has it.",
    );
    expect(bubble.retry).toBe(true);
    expect(scene.wa.errors()).toEqual([]);
  });
});
