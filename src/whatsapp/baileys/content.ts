import { safeFileName } from "../../file-name.ts";
import { normalizeMessageContent, type proto } from "@whiskeysockets/baileys";
import type { MessageType } from "../driver.ts";

/**
 * What a WhatsApp message says, whatever wrapper it came in: type, text, media descriptor and the
 * message it quotes. Pure: the translation tests feed it real proto shapes.
 */

export type MediaDescriptor = { mime: string; size: number | null; fileName: string | null };
export type Content = {
  type: MessageType;
  text: string;
  media: MediaDescriptor | null;
  quotedWaId: string | null;
  quotedText: string | null;
  viewOnce: boolean;
};
export type ContentResult = { ok: true; content: Content } | { ok: false; skip: string };

/** Fields that carry no message of their own. */
const ENVELOPE_FIELDS = new Set(["messageContextInfo", "senderKeyDistributionMessage"]);
/** Messages that change other messages or the chat, never shown as messages themselves. */
const NOT_MESSAGES = new Set([
  "protocolMessage",
  "reactionMessage",
  "encReactionMessage",
  "pollUpdateMessage",
  "keepInChatMessage",
  "pinInChatMessage",
  "encEventResponseMessage",
  "call",
  "bcallMessage",
  "secretEncryptedMessage",
]);

const DEFAULT_MIME: Partial<Record<MessageType, string>> = {
  image: "image/jpeg",
  audio: "audio/mpeg",
  voice: "audio/ogg",
  video: "video/mp4",
  document: "application/octet-stream",
  sticker: "image/webp",
};

/** Long, number, bigint or numeric string → number (null when absent or not a number). */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return /^\d+$/.test(value) ? Number(value) : null;
  if (
    typeof value === "object" &&
    "toNumber" in value &&
    typeof (value as { toNumber: unknown }).toNumber === "function"
  ) {
    return (value as { toNumber(): number }).toNumber();
  }
  return null;
}

/** The field that holds the message (conversation, imageMessage, ...); null when only envelope fields are set. */
function contentKey(message: proto.IMessage): string | null {
  for (const [key, value] of Object.entries(message)) {
    if (value === null || value === undefined || ENVELOPE_FIELDS.has(key)) continue;
    return key;
  }
  return null;
}

type Media = {
  mimetype?: string | null;
  fileLength?: unknown;
  caption?: string | null;
  fileName?: string | null;
  contextInfo?: proto.IContextInfo | null;
};

function media(type: MessageType, m: Media, fileName: string | null = null): MediaDescriptor {
  return {
    mime: m.mimetype || DEFAULT_MIME[type] || "application/octet-stream",
    size: toNumber(m.fileLength),
    fileName,
  };
}

function location(latitude: unknown, longitude: unknown, label: string | null | undefined): string {
  return `📍 ${toNumber(latitude) ?? 0},${toNumber(longitude) ?? 0}${label ? ` ${label}` : ""}`;
}

/** A short text for message kinds Pairbox does not model (polls, button replies, events). */
function otherText(message: proto.IMessage): string {
  const poll = message.pollCreationMessage ?? message.pollCreationMessageV2 ?? message.pollCreationMessageV3;
  if (poll?.name) return `📊 ${poll.name}`;
  return (
    message.buttonsResponseMessage?.selectedDisplayText ??
    message.templateButtonReplyMessage?.selectedDisplayText ??
    message.listResponseMessage?.title ??
    message.eventMessage?.name ??
    ""
  );
}

/** View-once media comes wrapped (viewOnceMessage, V2, V2Extension) or flagged on the media itself. */
function isViewOnce(raw: proto.IMessage | null | undefined, inner: unknown): boolean {
  if (raw?.viewOnceMessage || raw?.viewOnceMessageV2 || raw?.viewOnceMessageV2Extension) return true;
  return typeof inner === "object" && inner !== null && (inner as { viewOnce?: boolean }).viewOnce === true;
}

/** The quoted message's text as the quote carries it (one level: a quote's own quote is not read). */
function quotedTextOf(context: proto.IContextInfo | null | undefined): string | null {
  if (!context?.quotedMessage) return null;
  const quoted = describeContent(context.quotedMessage, false);
  if (!quoted.ok) return null;
  return (quoted.content.text || `[${quoted.content.type}]`).slice(0, 1000);
}

export function describeContent(raw: proto.IMessage | null | undefined, readQuote = true): ContentResult {
  const message = normalizeMessageContent(raw);
  if (!message) return { ok: false, skip: "no content" };
  const key = contentKey(message);
  if (!key) return { ok: false, skip: "no content" };
  if (NOT_MESSAGES.has(key)) return { ok: false, skip: key };
  const inner = (message as Record<string, unknown>)[key] as Media | string;
  const context = typeof inner === "object" ? inner.contextInfo : null;
  const quotedWaId = context?.stanzaId ?? null;
  const quotedText = readQuote && quotedWaId ? quotedTextOf(context) : null;
  const viewOnce = isViewOnce(raw, inner);
  const done = (type: MessageType, text: string, m: MediaDescriptor | null = null): ContentResult => ({
    ok: true,
    content: { type, text, media: m, quotedWaId, quotedText, viewOnce },
  });

  switch (key) {
    case "conversation":
      return done("text", message.conversation ?? "");
    case "extendedTextMessage":
      return done("text", message.extendedTextMessage?.text ?? "");
    case "imageMessage":
      return done("image", message.imageMessage!.caption ?? "", media("image", message.imageMessage!));
    case "audioMessage": {
      const type = message.audioMessage!.ptt ? "voice" : "audio";
      return done(type, "", media(type, message.audioMessage!));
    }
    case "videoMessage":
    case "ptvMessage": {
      const v = (message.videoMessage ?? message.ptvMessage)!;
      return done("video", v.caption ?? "", media("video", v));
    }
    case "documentMessage": {
      const d = message.documentMessage!;
      return done("document", d.caption ?? "", media("document", d, safeFileName(d.fileName ?? d.title)));
    }
    case "stickerMessage":
      return done("sticker", "", media("sticker", message.stickerMessage!));
    case "locationMessage": {
      const l = message.locationMessage!;
      return done(
        "location",
        location(l.degreesLatitude, l.degreesLongitude, [l.name, l.address].filter(Boolean).join(", ")),
      );
    }
    case "liveLocationMessage": {
      const l = message.liveLocationMessage!;
      return done("location", location(l.degreesLatitude, l.degreesLongitude, l.caption));
    }
    case "contactMessage":
      return done("contact", message.contactMessage!.displayName ?? "");
    case "contactsArrayMessage": {
      const names = (message.contactsArrayMessage!.contacts ?? []).map((c) => c.displayName).filter(Boolean);
      return done(
        "contact",
        names.length ? names.join(", ") : (message.contactsArrayMessage!.displayName ?? ""),
      );
    }
    default:
      return done("other", otherText(message));
  }
}
