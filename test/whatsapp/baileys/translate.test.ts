import { describe, expect, test } from "bun:test";
import { proto } from "@whiskeysockets/baileys";
import { safeFileName as sanitizeFileName } from "../../../src/file-name.ts";
import {
  lidPairsOf,
  receiptForStatus,
  receiptForUserReceipt,
  translateMessage,
  type TranslateContext,
} from "../../../src/whatsapp/baileys/translate.ts";
import { waMessage } from "./fixtures.ts";

const lids = new Map<string, string>();
const subjects = new Map<string, string>([["120363040000000001@g.us", "Spring fair team"]]);
const ctx: TranslateContext = {
  channelId: 7,
  ownJid: "14155550100@s.whatsapp.net",
  phoneForLid: (lid) => lids.get(lid) ?? null,
  groupSubject: (jid) => subjects.get(jid) ?? null,
  now: () => 1_800_000_000_000,
};

function ok(content: proto.IMessage, over: Parameters<typeof waMessage>[1] = {}) {
  const t = translateMessage(waMessage(content, over), ctx);
  if (!t.ok) throw new Error(`skipped: ${t.skip}`);
  return t.message;
}

function skipped(content: proto.IMessage, over: Parameters<typeof waMessage>[1] = {}): string {
  const t = translateMessage(waMessage(content, over), ctx);
  if (t.ok) throw new Error("expected a skip");
  return t.skip;
}

describe("message types", () => {
  test("a plain conversation is an inbound text from the person, with WhatsApp's time in ms", () => {
    const m = ok(
      { conversation: "Hi, is the shop open today?" },
      { messageTimestamp: 1_700_000_123, pushName: "Ann Lee" },
    );
    expect(m).toMatchObject({
      channelId: 7,
      chatJid: "447700900123@s.whatsapp.net",
      kind: "direct",
      direction: "inbound",
      senderPhone: "+447700900123",
      senderLid: null,
      senderName: "Ann Lee",
      peerPhone: "+447700900123",
      peerLid: null,
      text: "Hi, is the shop open today?",
      type: "text",
      media: null,
      quotedWaId: null,
      timestamp: 1_700_000_123_000,
    });
    expect(m.fromPhone).toBeUndefined();
  });

  test("an extended text carries the id of the message it quotes", () => {
    const m = ok({
      extendedTextMessage: {
        text: "Yes, that one",
        contextInfo: { stanzaId: "3EB0QUOTED", participant: "14155550100@s.whatsapp.net" },
      },
    });
    expect(m.text).toBe("Yes, that one");
    expect(m.quotedWaId).toBe("3EB0QUOTED");
  });

  test("a decoded proto (Long timestamp and file size) reads as numbers", () => {
    const wire = waMessage(
      { imageMessage: { mimetype: "image/png", fileLength: 48213 } },
      { messageTimestamp: 1_700_000_999 },
    );
    const decoded = proto.WebMessageInfo.decode(proto.WebMessageInfo.encode(wire).finish()) as typeof wire;
    const t = translateMessage(decoded, ctx);
    expect(t.ok && t.message).toMatchObject({
      timestamp: 1_700_000_999_000,
      media: { mime: "image/png", size: 48213 },
    });
  });

  test("an image keeps its caption and media descriptor", () => {
    const m = ok({
      imageMessage: {
        url: "https://mmg.whatsapp.net/x",
        mimetype: "image/jpeg",
        caption: "The broken part",
        fileLength: 48213,
      },
    });
    expect(m).toMatchObject({
      type: "image",
      text: "The broken part",
      media: { mime: "image/jpeg", size: 48213, fileName: null },
    });
  });

  test("a push-to-talk audio is a voice note; other audio is audio", () => {
    expect(
      ok({ audioMessage: { mimetype: "audio/ogg; codecs=opus", ptt: true, fileLength: 5120, seconds: 4 } }),
    ).toMatchObject({ type: "voice", text: "", media: { mime: "audio/ogg; codecs=opus", size: 5120 } });
    expect(ok({ audioMessage: { mimetype: "audio/mpeg", ptt: false, fileLength: 90000 } })).toMatchObject({
      type: "audio",
      media: { mime: "audio/mpeg" },
    });
  });

  test("a video keeps its caption", () => {
    expect(
      ok({ videoMessage: { mimetype: "video/mp4", caption: "Noise it makes", fileLength: 1_000_000 } }),
    ).toMatchObject({ type: "video", text: "Noise it makes", media: { mime: "video/mp4", size: 1_000_000 } });
  });

  test("a document keeps its file name and caption", () => {
    const m = ok({
      documentMessage: {
        mimetype: "application/pdf",
        fileName: "Invoice 2041.pdf",
        caption: "Here you go",
        fileLength: 20480,
      },
    });
    expect(m).toMatchObject({
      type: "document",
      text: "Here you go",
      media: { mime: "application/pdf", size: 20480, fileName: "Invoice 2041.pdf" },
    });
  });

  test("a document with caption (the wrapped form) is unwrapped", () => {
    const m = ok({
      documentWithCaptionMessage: {
        message: {
          documentMessage: { mimetype: "application/pdf", fileName: "quote.pdf", caption: "Quote attached" },
        },
      },
    });
    expect(m).toMatchObject({ type: "document", text: "Quote attached", media: { fileName: "quote.pdf" } });
  });

  test("a hostile file name loses its path and control characters and is capped", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\ann\\report\u0000\u0007.pdf")).toBe("report.pdf");
    expect(sanitizeFileName("..hidden")).toBe("hidden");
    expect(sanitizeFileName("a".repeat(500))!.length).toBe(200);
    expect(sanitizeFileName("/")).toBeNull();
    const m = ok({ documentMessage: { mimetype: "text/plain", fileName: "../../secret\n.txt" } });
    expect(m.media?.fileName).toBe("secret.txt");
  });

  test("a sticker is a sticker with its webp mimetype", () => {
    expect(ok({ stickerMessage: { mimetype: "image/webp", fileLength: 9000 } })).toMatchObject({
      type: "sticker",
      text: "",
      media: { mime: "image/webp", size: 9000 },
    });
  });

  test("a location reads as its name, its coordinates in its detail", () => {
    expect(
      ok({ locationMessage: { degreesLatitude: 51.5007, degreesLongitude: -0.1246, name: "Big Ben" } }),
    ).toMatchObject({
      type: "location",
      text: "📍 Big Ben",
      detail: { kind: "location", latitude: 51.5007, longitude: -0.1246, name: "Big Ben", live: false },
    });
    expect(ok({ locationMessage: { degreesLatitude: 1, degreesLongitude: 2 } }).text).toBe("📍 1,2");
  });

  test("contacts read as their names (test/whatsapp/baileys/rich-content.test.ts has their numbers)", () => {
    expect(
      ok({ contactMessage: { displayName: "Bob Smith", vcard: "BEGIN:VCARD\nEND:VCARD" } }),
    ).toMatchObject({ type: "contact", text: "👤 Bob Smith" });
    expect(
      ok({
        contactsArrayMessage: {
          displayName: "2 contacts",
          contacts: [{ displayName: "Bob" }, { displayName: "Cy" }],
        },
      }).text,
    ).toBe("👤 Bob, Cy");
  });

  test("a poll is a poll, its question as text", () => {
    expect(
      ok({ pollCreationMessage: { name: "Which day?", options: [{ optionName: "Mon" }] } }),
    ).toMatchObject({ type: "poll", text: "📊 Which day?" });
  });

  test("disappearing and view-once wrappers are unwrapped", () => {
    expect(
      ok({ ephemeralMessage: { message: { extendedTextMessage: { text: "vanishing" } } } }),
    ).toMatchObject({ type: "text", text: "vanishing" });
    expect(
      ok({ viewOnceMessageV2: { message: { imageMessage: { mimetype: "image/jpeg", caption: "once" } } } }),
    ).toMatchObject({ type: "image", text: "once" });
    expect(ok({ viewOnceMessage: { message: { videoMessage: { mimetype: "video/mp4" } } } }).type).toBe(
      "video",
    );
  });

  test("the sender-key envelope next to real content is ignored", () => {
    const m = ok({
      senderKeyDistributionMessage: {
        groupId: "g",
        axolotlSenderKeyDistributionMessage: new Uint8Array([1]),
      },
      conversation: "in the group",
    });
    expect(m.text).toBe("in the group");
  });
});

describe("what is not a message", () => {
  test("status broadcasts, reactions, protocol messages, stubs and sender-key-only messages are skipped", () => {
    expect(
      skipped(
        { conversation: "my status" },
        { key: { remoteJid: "status@broadcast", participant: "447700900123@s.whatsapp.net" } },
      ),
    ).toBe("broadcast");
    expect(skipped({ conversation: "news" }, { key: { remoteJid: "120363000000000000@newsletter" } })).toBe(
      "broadcast",
    );
    expect(skipped({ reactionMessage: { key: { id: "X" }, text: "👍" } })).toBe("reactionMessage");
    expect(
      skipped({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: "X" } } }),
    ).toBe("protocolMessage");
    expect(skipped({ senderKeyDistributionMessage: { groupId: "g" } })).toBe("no content");
    expect(skipped({}, { messageStubType: proto.WebMessageInfo.StubType.GROUP_CREATE })).toBe(
      "stub GROUP_CREATE",
    );
    expect(
      skipped({
        editedMessage: {
          message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT } },
        },
      }),
    ).toBe("protocolMessage");
  });
});

describe("who wrote it", () => {
  test("a message typed on the phone itself is outbound, from our number, about the chat's person", () => {
    const m = ok(
      { conversation: "On my way" },
      { key: { fromMe: true, remoteJid: "447700900123@s.whatsapp.net" }, pushName: "Shop" },
    );
    expect(m).toMatchObject({
      direction: "outbound",
      fromPhone: true,
      senderPhone: "+14155550100",
      peerPhone: "+447700900123",
      chatJid: "447700900123@s.whatsapp.net",
    });
  });

  test("a group message names the group, its subject and the member who wrote", () => {
    const m = ok(
      { conversation: "Who brings chairs?" },
      {
        key: { remoteJid: "120363040000000001@g.us", participant: "447700900555@s.whatsapp.net" },
        pushName: "Dee",
      },
    );
    expect(m).toMatchObject({
      chatJid: "120363040000000001@g.us",
      kind: "group",
      groupSubject: "Spring fair team",
      participantJid: "447700900555@s.whatsapp.net",
      senderPhone: "+447700900555",
      senderLid: null,
      senderName: "Dee",
      peerPhone: null,
      peerLid: null,
    });
  });

  test("a group member known only by LID gets the phone from participantAlt", () => {
    const m = ok(
      { conversation: "hi" },
      {
        key: {
          remoteJid: "120363040000000001@g.us",
          participant: "99887766554433@lid",
          participantAlt: "447700900666@s.whatsapp.net",
        },
      },
    );
    expect(m).toMatchObject({
      senderPhone: "+447700900666",
      senderLid: "99887766554433@lid",
      participantJid: "99887766554433@lid",
    });
  });

  test("a direct LID sender with its phone alongside (remoteJidAlt) is resolved", () => {
    const msg = waMessage(
      { conversation: "hello" },
      { key: { remoteJid: "11122233344455@lid", remoteJidAlt: "447700900777@s.whatsapp.net" } },
    );
    const t = translateMessage(msg, ctx);
    expect(t.ok && t.message).toMatchObject({
      chatJid: "11122233344455@lid",
      senderPhone: "+447700900777",
      senderLid: "11122233344455@lid",
      peerPhone: "+447700900777",
      peerLid: "11122233344455@lid",
    });
    expect(lidPairsOf(msg)).toEqual([{ lid: "11122233344455@lid", phone: "+447700900777" }]);
  });

  test("a direct LID sender with no phone known keeps the LID and leaves the phone empty", () => {
    const m = ok({ conversation: "hello" }, { key: { remoteJid: "55566677788899@lid" } });
    expect(m).toMatchObject({
      chatJid: "55566677788899@lid",
      senderPhone: null,
      senderLid: "55566677788899@lid",
      peerPhone: null,
      peerLid: "55566677788899@lid",
    });
  });

  test("a LID the map already knows is resolved from it", () => {
    lids.set("44455566677788@lid", "+447700900888");
    expect(ok({ conversation: "again" }, { key: { remoteJid: "44455566677788@lid" } })).toMatchObject({
      senderPhone: "+447700900888",
      peerPhone: "+447700900888",
    });
  });

  test("history messages are marked as history", () => {
    const t = translateMessage(waMessage({ conversation: "old" }), ctx, true);
    expect(t.ok && t.message.history).toBe(true);
  });
});

describe("receipts", () => {
  test("WhatsApp's message statuses map to sent, delivered, read and failed", () => {
    const S = proto.WebMessageInfo.Status;
    expect(
      [S.SERVER_ACK, S.DELIVERY_ACK, S.READ, S.PLAYED, S.ERROR, S.PENDING].map(receiptForStatus),
    ).toEqual(["sent", "delivered", "read", "read", "failed", null]);
  });

  test("a recipient's receipt is read when read or played, else delivered", () => {
    expect(receiptForUserReceipt({ userJid: "x", receiptTimestamp: 1 })).toBe("delivered");
    expect(receiptForUserReceipt({ userJid: "x", receiptTimestamp: 1, readTimestamp: 2 })).toBe("read");
    expect(receiptForUserReceipt({ userJid: "x", playedTimestamp: 3 })).toBe("read");
    expect(receiptForUserReceipt({ userJid: "x" })).toBeNull();
  });
});
