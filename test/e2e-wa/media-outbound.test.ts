import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { insertApiKey } from "../../src/api/keys-store.ts";
import { insertWorkflow } from "../../src/workflows/store.ts";
import type { OutboundMessage } from "../wa-server/events.ts";
import type { MediaKind } from "../wa-server/media.ts";
import type { WaUser } from "../wa-server/user.ts";
import { BASE } from "../helpers/app.ts";
import { knownCustomer, pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";
import { fileBytes, sha256, shownConversation } from "./media-page.ts";

/**
 * Files sent from Pairbox (the inbox's reply box, the REST API, a workflow) are encrypted and
 * uploaded by Baileys to the emulator's HTTPS media host, and the contact's copy of each message is
 * decrypted there: these tests compare exactly the bytes, type, caption and file name that left.
 */

const CHANNEL_PHONE = "+14155550150";
const CAROL_PHONE = "+447700900789";
let scene: Scene;
let phone: WaUser;
let carol: WaUser;
let channelId: number;
let conversationId: number;

beforeAll(async () => {
  scene = await startScene();
  channelId = await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  carol = knownCustomer(scene, CAROL_PHONE, { first: "Carol", last: "Jones" }).user;
  // She writes first, so Pairbox has a Signal session with her phone (see the README on new chats).
  await carol.sendText(phone, "Can you send me the paperwork?");
  conversationId = await shownConversation(scene);
});

afterAll(async () => {
  await scene.close();
});

/** One file of each kind, as a person would pick it, and what the contact must receive. */
const FILES: {
  kind: MediaKind;
  name: string;
  type: string;
  size: number;
  caption: string;
  expect: { mimetype: string; caption: string | null; fileName: string | null };
}[] = [
  {
    kind: "image",
    name: "boiler.jpg",
    type: "image/jpeg",
    size: 31_337,
    caption: "The new boiler",
    expect: { mimetype: "image/jpeg", caption: "The new boiler", fileName: null },
  },
  {
    kind: "voice",
    name: "note.ogg",
    type: "audio/ogg",
    size: 6_016,
    caption: "",
    expect: { mimetype: "audio/ogg; codecs=opus", caption: null, fileName: null },
  },
  {
    kind: "audio",
    name: "jingle.mp3",
    type: "audio/mpeg",
    size: 12_000,
    caption: "",
    expect: { mimetype: "audio/mpeg", caption: null, fileName: null },
  },
  {
    kind: "video",
    name: "tour.mp4",
    type: "video/mp4",
    size: 90_001,
    caption: "A quick tour",
    expect: { mimetype: "video/mp4", caption: "A quick tour", fileName: null },
  },
  {
    kind: "document",
    name: "Offer 12 – signed.pdf",
    type: "application/pdf",
    size: 20_480,
    caption: "The signed offer",
    expect: { mimetype: "application/pdf", caption: "The signed offer", fileName: "Offer 12 – signed.pdf" },
  },
  {
    kind: "sticker",
    name: "thumbs-up.webp",
    type: "image/webp",
    size: 4_096,
    caption: "",
    expect: { mimetype: "image/webp", caption: null, fileName: null },
  },
];

/** The contact's copy of the message that carries these bytes, decrypted by the emulator. */
function received(bytes: Uint8Array): Promise<OutboundMessage> {
  const hash = sha256(bytes);
  return scene.wa.waitForOutbound((m) => m.to === carol.jid && !!m.media && sha256(m.media.bytes) === hash, {
    what: `the file ${hash.slice(0, 12)}… reaching the contact`,
  });
}

function expectReceived(out: OutboundMessage, file: (typeof FILES)[number]) {
  const { bytes: _bytes, directPath: _path, ...what } = out.media!;
  expect(what).toEqual({ kind: file.kind, ...file.expect });
  expect(out.from).toBe(phone.linkedDevices()[0]!);
}

describe("media sent from Pairbox, decrypted by the emulator", () => {
  for (const file of FILES) {
    test(`the inbox reply box sends a ${file.kind} (${file.type}) exactly as picked`, async () => {
      const bytes = fileBytes(file.size);
      const form = new FormData();
      form.set("_csrf", scene.admin.csrf);
      form.set("text", file.caption);
      form.set("file", new File([bytes], file.name, { type: file.type }));
      const res = await scene.pb.request(`/inbox/c/${conversationId}/send`, {
        method: "POST",
        body: form,
        session: scene.admin,
      });
      expect(res.status).toBe(303);
      expectReceived(await received(bytes), file);
    });
  }

  for (const file of FILES) {
    test(`the REST API sends an uploaded ${file.kind} exactly as given`, async () => {
      const key = insertApiKey(
        scene.pb.db,
        { name: "e2e", scope: "send", channels: "all", createdBy: scene.admin.userId },
        Date.now(),
      ).key;
      const bytes = fileBytes(file.size);
      const form = new FormData();
      form.set("channel_id", String(channelId));
      form.set("to", CAROL_PHONE);
      if (file.caption) form.set("text", file.caption);
      form.set("file", new File([bytes], "upload.bin", { type: file.type }));
      form.set("file_name", file.name);
      const res = await scene.pb.app.request(`${BASE}/api/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: form,
      });
      expect(res.status).toBe(202);
      const out = await received(bytes);
      expectReceived(out, file);
      const sent = (await res.json()) as { message: { id: number } };
      await waitUntil(
        "the API's message to show WhatsApp's id",
        () =>
          scene.pb.db
            .query<{ wa_id: string | null }, [number]>("SELECT wa_id FROM messages WHERE id = ?")
            .get(sent.message.id)?.wa_id === out.id,
      );
    });
  }

  test("a workflow's Send WhatsApp steps send the triggering photo back and an uploaded document", async () => {
    const offer = fileBytes(15_000);
    const stored = await scene.pb.deps.services.media.putBytes(offer);
    if (!stored.ok) throw new Error(stored.error);
    insertWorkflow(
      scene.pb.db,
      {
        name: "Photo received",
        recordType: "contact",
        enabled: true,
        pattern: "*boiler*",
        steps: [
          {
            kind: "send_whatsapp",
            channel: "trigger",
            recipient: "sender",
            text: "Is this the one, {{ record.first_name }}?",
            attachment: "trigger_media",
            file: null,
          },
          {
            kind: "send_whatsapp",
            channel: "trigger",
            recipient: "sender",
            text: "Our offer",
            attachment: "file",
            file: {
              sha256: stored.sha256,
              size: stored.size,
              mime: "application/pdf",
              fileName: "Offer 13.pdf",
            },
          },
        ],
      },
      Date.now(),
    );
    const photo = fileBytes(22_222);
    await carol.sendMedia(phone, {
      kind: "image",
      bytes: photo,
      mimetype: "image/png",
      caption: "My old boiler",
    });
    const back = await received(photo);
    expect(back.media).toMatchObject({
      kind: "image",
      mimetype: "image/png",
      caption: "Is this the one, Carol?",
    });
    const doc = await received(offer);
    expect(doc.media).toMatchObject({
      kind: "document",
      mimetype: "application/pdf",
      caption: "Our offer",
      fileName: "Offer 13.pdf",
    });
    expect(scene.wa.errors()).toEqual([]);
  });
});
