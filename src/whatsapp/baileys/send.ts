import {
  generateMessageIDV2,
  type AnyMessageContent,
  type WAMessage,
  type WAMessageKey,
} from "@whiskeysockets/baileys";
import { jidForPhone } from "../../phone.ts";
import type { MessageRef, OutboundPayload, OutboundQuote } from "../driver.ts";
import { statusCodeOf } from "./disconnect.ts";
import type { DriverSocket } from "./socket.ts";
import { transferDeadlineMs, withinDeadline, type TransferTimeouts } from "./transfer-timeouts.ts";

/** Outbound side of the Baileys driver: recipients, message content and send errors in plain words. */

export const NOT_CONNECTED = "WhatsApp is not connected on this channel";
/** Asking for a pairing code when the channel is not waiting to be paired. */
export const NOT_PAIRING = "This number is not waiting to be linked: refresh the QR code first";

/** The ids of our latest sends (their echoes are not new messages); the oldest go first. */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
}

/** "+447700900123" → its phone JID; group, LID and phone JIDs pass through. Anything else is refused. */
export function recipientJid(to: string): string {
  const t = to.trim();
  if (/^\+\d{5,20}$/.test(t)) return jidForPhone(t);
  if (/^[\d-]{5,40}@g\.us$/.test(t) || /^\d{5,25}@lid$/.test(t) || /^\d{5,20}@s\.whatsapp\.net$/.test(t))
    return t;
  throw new Error(`Not a phone number in international format or a WhatsApp chat: ${t.slice(0, 60)}`);
}

/** How WhatsApp names a message of this chat: its id, whether we sent it, and in a group its author. */
export function keyOf(jid: string, ref: MessageRef): WAMessageKey {
  return {
    remoteJid: jid,
    id: ref.waId,
    fromMe: ref.fromMe,
    ...(ref.participantJid ? { participant: ref.participantJid } : {}),
  };
}

/** The message a reply quotes, as Baileys needs it to build the contextInfo (stanzaId, participant, text). */
export function quotedMessage(jid: string, quote: OutboundQuote | null | undefined): WAMessage | undefined {
  return quote ? { key: keyOf(jid, quote), message: { conversation: quote.text } } : undefined;
}

export function messageContent(payload: OutboundPayload, jid = ""): AnyMessageContent {
  // linkPreview null: Baileys would otherwise fetch any link in the text to build a preview
  // (generateHighQualityLinkPreview off only stops the thumbnail upload, not the fetch).
  if (payload.type === "text") return { text: payload.text, linkPreview: null };
  if (payload.type === "poll")
    return {
      poll: { name: payload.question, values: payload.options, selectableCount: payload.selectableCount },
    };
  if (payload.type === "location")
    return {
      location: {
        degreesLatitude: payload.latitude,
        degreesLongitude: payload.longitude,
        ...(payload.name ? { name: payload.name } : {}),
        ...(payload.address ? { address: payload.address } : {}),
      },
    };
  if (payload.type === "contact")
    return {
      contacts: {
        displayName:
          payload.contacts.length === 1 ? payload.contacts[0]!.name : `${payload.contacts.length} contacts`,
        contacts: payload.contacts.map((c) => ({ displayName: c.name, vcard: c.vcard })),
      },
    };
  if (payload.type === "reaction") return { react: { text: payload.emoji, key: keyOf(jid, payload.target) } };
  if (payload.type === "edit") return { text: payload.text, edit: keyOf(jid, payload.target) };
  if (payload.type === "revoke") return { delete: keyOf(jid, payload.target) };
  const file = { url: payload.filePath };
  const caption = payload.caption || undefined;
  switch (payload.type) {
    case "image":
      return { image: file, caption, mimetype: payload.mime };
    case "voice":
      // WhatsApp plays only OGG/Opus as a voice note, and only when the mimetype says so exactly.
      return { audio: file, ptt: true, mimetype: "audio/ogg; codecs=opus" };
    case "audio":
      return { audio: file, mimetype: payload.mime === "audio/mp3" ? "audio/mpeg" : payload.mime };
    case "video":
      return { video: file, caption, mimetype: payload.mime };
    case "sticker":
      return { sticker: file, mimetype: payload.mime };
    case "document":
      return { document: file, fileName: payload.fileName, mimetype: payload.mime, caption };
  }
}

/** Why a send failed, for the person who sent it. */
export function plainSendError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? "");
  const code = statusCodeOf(error);
  if (/ENOENT/.test(message)) return "The file to send is missing from the media store";
  if (code === 428 || /Connection Closed|Connection was lost/i.test(message)) return NOT_CONNECTED;
  if (code === 408 || /timed? ?out/i.test(message)) return "WhatsApp did not answer in time: try again";
  if (code === 401 || code === 403)
    return "WhatsApp refused the message: the number may be logged out or restricted";
  if (/not-acceptable|406/.test(message))
    return "WhatsApp refused the message (not acceptable): the recipient may not exist";
  if (/item-not-found|404/.test(message)) return "WhatsApp does not know this chat";
  if (/forbidden/i.test(message))
    return "WhatsApp refused the message: this number may not write to that chat";
  if (/media upload failed|upload/i.test(message))
    return "Uploading the file to WhatsApp failed or took too long: nothing was sent, try again";
  return `WhatsApp did not accept the message${message ? `: ${message.slice(0, 200)}` : ""}`;
}

/** The send outlived its deadline: it may still leave, so it must not simply be tried again. */
class SendDeadline extends Error {}

export const SEND_DEADLINE_REASON =
  "WhatsApp did not confirm the message in time: it may still arrive, so check with the recipient before retrying";

/**
 * Sends one message. The id is ours, chosen before sending and announced through `beforeSend`:
 * Baileys echoes the message back as an upsert before sendMessage resolves. A file's upload has a
 * deadline of its own (Baileys aborts it: nothing is sent), and the whole send another, so a stalled
 * upload or query never holds the channel's queue.
 */
export async function sendPayload(
  sock: DriverSocket,
  to: string,
  payload: OutboundPayload,
  beforeSend: (waId: string) => void,
  timeouts: TransferTimeouts,
  /** Where the chat is reached now (a phone JID may have become a LID); as given when unset. */
  address: (jid: string) => Promise<string> = async (jid) => jid,
): Promise<{ waId: string; message: WAMessage | null }> {
  const jid = await address(recipientJid(to));
  const messageId = generateMessageIDV2(sock.user?.id);
  const uploadMs = "filePath" in payload ? transferDeadlineMs(timeouts, Bun.file(payload.filePath).size) : 0;
  const quoted = "quote" in payload ? quotedMessage(jid, payload.quote) : undefined;
  beforeSend(messageId);
  try {
    const sent = await withinDeadline(
      sock.sendMessage(jid, messageContent(payload, jid), {
        messageId,
        ...(quoted ? { quoted } : {}),
        ...(uploadMs ? { mediaUploadTimeoutMs: uploadMs } : {}),
      }),
      uploadMs + timeouts.sendMarginMs,
      () => new SendDeadline(SEND_DEADLINE_REASON),
    );
    return { waId: sent?.key?.id ?? messageId, message: sent ?? null };
  } catch (err) {
    throw new Error(err instanceof SendDeadline ? err.message : plainSendError(err));
  }
}

export async function hasWhatsApp(sock: DriverSocket, phoneE164: string): Promise<boolean> {
  const digits = phoneE164.replace(/^\+/, "");
  if (!/^\d{5,20}$/.test(digits)) return false;
  try {
    const found = await sock.onWhatsApp(digits);
    return !!found?.some((r) => r.exists);
  } catch (err) {
    throw new Error(plainSendError(err));
  }
}
