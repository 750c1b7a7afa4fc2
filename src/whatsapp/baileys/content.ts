import { safeFileName } from "../../file-name.ts";
import { extractMessageContent, normalizeMessageContent, type proto } from "@whiskeysockets/baileys";
import type { MessageDetail, MessageType } from "../driver.ts";
import { albumOf, richContent, unsupportedContent } from "./content-rich.ts";

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
  detail: MessageDetail | null;
  /** A kind no part of Pairbox reads: stored as "Unsupported message (type X)" and logged by its name. */
  unsupported: string | null;
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
  // extractMessageContent unwraps ephemeral/view-once/edited wrappers and turns template and
  // button messages into their text or media.
  const message = extractMessageContent(raw);
  if (!message) return { ok: false, skip: "no content" };
  const key = contentKey(message);
  if (!key) return { ok: false, skip: "no content" };
  if (NOT_MESSAGES.has(key)) return { ok: false, skip: key };
  const inner = (message as Record<string, unknown>)[key] as Media | string;
  const context = typeof inner === "object" ? inner.contextInfo : null;
  const quotedWaId = context?.stanzaId ?? null;
  const quotedText = readQuote && quotedWaId ? quotedTextOf(context) : null;
  const viewOnce = isViewOnce(raw, inner);
  // A photo or video of an album names its album in messageContextInfo (outside or inside the wrapper).
  const album = albumOf(raw?.messageContextInfo, message.messageContextInfo);
  const done = (type: MessageType, text: string, m: MediaDescriptor | null = null): ContentResult => ({
    ok: true,
    content: {
      type,
      text,
      media: m,
      quotedWaId,
      quotedText,
      viewOnce,
      detail: album && m ? { kind: "album-item", albumWaId: album } : null,
      unsupported: null,
    },
  });

  switch (key) {
    case "conversation": {
      // A template or buttons message without any text would be an empty row: name its kind instead.
      const wrapped = contentKey(normalizeMessageContent(raw) ?? {});
      const text =
        message.conversation || (wrapped && wrapped !== key ? `Message without text (type ${wrapped})` : "");
      return done("text", text);
    }
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
    default: {
      const rich = richContent(key, message) ?? unsupportedContent(key);
      return {
        ok: true,
        content: {
          type: rich.type,
          text: rich.text,
          media: null,
          quotedWaId,
          quotedText,
          viewOnce,
          detail: rich.detail,
          unsupported: rich.unsupported ?? null,
        },
      };
    }
  }
}
