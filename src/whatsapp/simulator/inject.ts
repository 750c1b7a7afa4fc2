import { normalizePhone, jidForPhone } from "../../phone.ts";
import type { MessageType } from "../driver.ts";
import type { InjectChangeInput, InjectInput, InjectVote, MessageChange, PollVote } from "../driver.ts";
import { detailText } from "../rich.ts";
import type { MediaSource, NormalizedMessage } from "../driver.ts";
import { cleanDisplayName } from "../../display-name.ts";
import { safeFileName } from "../../file-name.ts";

/** The message type WhatsApp gives a file of this kind (what the Baileys driver reports). */
export function typeForMime(mime: string): MessageType {
  if (mime === "image/webp") return "sticker";
  if (mime === "image/jpeg" || mime === "image/png") return "image";
  if (mime === "audio/ogg" || mime.startsWith("audio/ogg;")) return "voice";
  if (mime.startsWith("audio/")) return "audio";
  if (mime.startsWith("video/")) return "video";
  return "document";
}

export class InjectError extends Error {}

/** The message type the Baileys driver reports for each kind of detail. */
const DETAIL_TYPE: Record<NonNullable<InjectInput["detail"]>["kind"], MessageType> = {
  poll: "poll",
  contacts: "contact",
  location: "location",
  album: "other",
  "album-item": "image",
};

/** A vote as the Baileys driver reports it once decrypted: the voter's JID and whole selection. */
export function normalizeVote(input: InjectVote, timestamp: number): PollVote {
  const from = phoneOrThrow(input.fromPhone, "Voter number");
  return {
    pollWaId: input.pollWaId,
    voterJid: jidForPhone(from),
    voterPhone: from,
    voterName: cleanDisplayName(input.name),
    options: input.options,
    timestamp,
  };
}

function phoneOrThrow(input: string, what: string): string {
  const r = normalizePhone(input);
  if (!r.ok) throw new InjectError(`${what}: ${r.reason}`);
  return r.e164;
}

function groupJidOf(input: string): string {
  const id = input.trim().replace(/@g\.us$/, "");
  if (!/^[0-9]{5,30}(-[0-9]{5,20})?$/.test(id))
    throw new InjectError("Group id: digits only, like 120363041234567890 (or 447700900123-1600000000)");
  return `${id}@g.us`;
}

/**
 * An inbound message as the Baileys driver normalises it: chat JIDs "<digits>@s.whatsapp.net" or
 * "<id>@g.us", phones in E.164, the group member as participantJid, media described by type from
 * its mimetype with the file name kept for documents, and the bytes behind a MediaSource.
 */
export function normalizeInjected(
  channelId: number,
  given: InjectInput,
  waId: string,
  timestamp: number,
): {
  message: NormalizedMessage;
  media: MediaSource | null;
  bytes: Uint8Array | null;
  /** What arrives first: an album's message, when the file is its first item. */
  before: NormalizedMessage[];
} {
  const header = albumOf(channelId, given, randomId("3A", 10), timestamp);
  const input = header
    ? { ...given, detail: { kind: "album-item" as const, albumWaId: header.waId } }
    : given;
  const from = phoneOrThrow(input.fromPhone, "From number");
  const file = input.file ?? null;
  // A file carries no detail of its own, unless it is an album's item.
  const detail = file && input.detail?.kind !== "album-item" ? null : (input.detail ?? null);
  const type: MessageType = file
    ? typeForMime(file.mime)
    : detail
      ? DETAIL_TYPE[detail.kind]
      : input.kind === "interactive"
        ? "other"
        : "text";
  const text = detail && !file ? detailText(detail) : input.text.slice(0, 65_536);
  if (!file && text.trim() === "") throw new InjectError("Write a text or attach a file.");
  const group = input.groupJid ? groupJidOf(input.groupJid) : null;
  const sender =
    group && input.participantPhone ? phoneOrThrow(input.participantPhone, "Participant number") : from;
  const bytes = file ? file.bytes : null;
  const message: NormalizedMessage = {
    channelId,
    waId,
    chatJid: group ?? jidForPhone(from),
    kind: group ? "group" : "direct",
    direction: "inbound",
    senderPhone: sender,
    senderLid: null,
    senderName: cleanDisplayName(input.name),
    peerPhone: group ? null : from,
    peerLid: null,
    groupSubject: group ? cleanDisplayName(input.groupSubject) || null : null,
    participantJid: group ? jidForPhone(sender) : null,
    text,
    type,
    media: file
      ? {
          mime: file.mime,
          size: file.bytes.byteLength,
          fileName: type === "document" ? safeFileName(file.fileName) : null,
        }
      : null,
    quotedWaId: input.quotedWaId ?? null,
    ...(detail ? { detail } : {}),
    ...(input.viewOnce && file ? { viewOnce: true } : {}),
    timestamp,
  };
  const before = header ? [header] : [];
  return { message, media: bytes ? { download: async () => bytes } : null, bytes, before };
}

/**
 * An album's message for a file injected as its first item (null otherwise): WhatsApp sends the album
 * message first, then each photo or video naming it.
 */
function albumOf(channelId: number, input: InjectInput, albumId: string, timestamp: number) {
  if (!input.album || !input.file) return null;
  const video = input.file.mime.startsWith("video/");
  const detail = { kind: "album" as const, images: video ? 0 : 1, videos: video ? 1 : 0 };
  return normalizeInjected(channelId, { ...input, album: false, file: null, detail }, albumId, timestamp)
    .message;
}

/** A WhatsApp-style message id: the prefix and random hex digits. */
export function randomId(prefix: string, bytes: number): string {
  return (
    prefix +
    Buffer.from(crypto.getRandomValues(new Uint8Array(bytes)))
      .toString("hex")
      .toUpperCase()
  );
}

/** What the Baileys driver reports for a message it could not decrypt: its id and sender, no content. */
export function placeholderOf(m: NormalizedMessage): NormalizedMessage {
  return { ...m, text: "", type: "other", media: null, quotedWaId: null, awaitingContent: true };
}

/** A customer's reaction, edit or delete for everyone, as the Baileys driver reports one. */
export function normalizeInjectedChange(
  input: InjectChangeInput,
  now: number,
): { chatJid: string; change: MessageChange } {
  const from = phoneOrThrow(input.fromPhone, "From number");
  const chatJid = jidForPhone(from);
  const base = {
    targetWaId: input.targetWaId,
    by: chatJid,
    byName: cleanDisplayName(input.name),
    timestamp: now,
  };
  switch (input.change) {
    case "reaction":
      return { chatJid, change: { ...base, kind: "reaction", emoji: input.value.slice(0, 32) } };
    case "edit":
      if (input.value.trim() === "") throw new InjectError("Write the new text.");
      return { chatJid, change: { ...base, kind: "edit", text: input.value.slice(0, 65_536) } };
    case "revoke":
      return { chatJid, change: { ...base, kind: "revoke" } };
  }
}
