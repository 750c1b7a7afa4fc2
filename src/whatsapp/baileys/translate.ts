import {
  isJidGroup,
  isLidUser,
  jidNormalizedUser,
  proto,
  type WAMessage,
  type WAMessageKey,
} from "@whiskeysockets/baileys";
import { phoneFromJid } from "../../phone.ts";
import type { NormalizedMessage, ReceiptStatus } from "../driver.ts";
import { describeContent, toNumber } from "./content.ts";
import { cleanDisplayName } from "../../display-name.ts";

/**
 * Baileys messages → Pairbox's normalised messages. Pure: whatever needs the database (LID map, group
 * subjects) comes in through the context, so the tests drive it with fabricated protos alone.
 */

export type LidPair = { lid: string; phone: string };

export type TranslateContext = {
  channelId: number;
  /** Our own JID once connected (the sender of messages typed on the phone). */
  ownJid: string | null;
  phoneForLid(lid: string): string | null;
  /** A person said this LID is not this phone: a message naming both is kept under the LID. */
  isRefusedPair?(lid: string, phone: string): boolean;
  groupSubject(groupJid: string): string | null;
  /** The group's member count, when WhatsApp described it. */
  groupSize?(groupJid: string): number | null;
  now(): number;
};

export type Translation =
  | { ok: true; message: NormalizedMessage; hasMedia: boolean; unsupported?: string | null }
  | { ok: false; skip: string };

/** Older Baileys builds named the alternate fields senderPn / participantPn: read those too. */
type LooseKey = WAMessageKey & { senderPn?: string | null; participantPn?: string | null };

/** A JID without its device part ("447700900123:12@s.whatsapp.net" → "447700900123@s.whatsapp.net"). */
export const normalJid = (jid: string | null | undefined): string | null =>
  jid ? jidNormalizedUser(jid) || null : null;
const normal = normalJid;

/** Chats that are not conversations: status updates, broadcast lists, channels (newsletters). */
export function isIgnoredChat(jid: string): boolean {
  return jid === "status@broadcast" || jid.endsWith("@broadcast") || jid.endsWith("@newsletter");
}

function pairOf(a: string | null | undefined, b: string | null | undefined): LidPair | null {
  const x = normal(a);
  const y = normal(b);
  if (isLidUser(x ?? undefined) && phoneFromJid(y)) return { lid: x!, phone: phoneFromJid(y)! };
  if (isLidUser(y ?? undefined) && phoneFromJid(x)) return { lid: y!, phone: phoneFromJid(x)! };
  return null;
}

/** The LID ↔ phone pairs a message's key reveals (remoteJidAlt, participantAlt). */
export function lidPairsOf(msg: WAMessage): LidPair[] {
  const key = msg.key as LooseKey | undefined;
  if (!key) return [];
  const pairs = [
    pairOf(key.remoteJid, key.remoteJidAlt ?? key.senderPn),
    pairOf(key.participant, key.participantAlt ?? key.participantPn),
  ];
  return pairs.filter((p): p is LidPair => p !== null);
}

/** The LIDs a message names without a phone alongside (worth asking Baileys' own LID store about). */
export function unresolvedLids(msg: WAMessage, known: (lid: string) => string | null): string[] {
  const key = msg.key as LooseKey | undefined;
  if (!key) return [];
  const out: string[] = [];
  for (const [jid, alt] of [
    [key.remoteJid, key.fromMe ? null : (key.remoteJidAlt ?? key.senderPn)],
    [key.participant, key.participantAlt ?? key.participantPn],
  ] as const) {
    const j = normal(jid);
    if (j && isLidUser(j) && !phoneFromJid(normal(alt)) && !known(j)) out.push(j);
  }
  return out;
}

type Person = { phone: string | null; lid: string | null };

function person(
  jid: string | null | undefined,
  alt: string | null | undefined,
  ctx: TranslateContext,
): Person {
  const j = normal(jid);
  const a = normal(alt);
  const lid = isLidUser(j ?? undefined) ? j : isLidUser(a ?? undefined) ? a : null;
  const phone = phoneFromJid(j) ?? phoneFromJid(a) ?? (lid ? ctx.phoneForLid(lid) : null);
  return { phone: lid && phone && ctx.isRefusedPair?.(lid, phone) ? null : phone, lid };
}

export function waTimestampMs(msg: WAMessage, fallback: number): number {
  const seconds = toNumber(msg.messageTimestamp);
  return seconds ? seconds * 1000 : fallback;
}

const PLACEHOLDER = {
  ok: true,
  content: {
    type: "other",
    text: "",
    media: null,
    quotedWaId: null,
    quotedText: null,
    viewOnce: false,
    detail: null,
    unsupported: null,
  },
} as const;

export function translateMessage(msg: WAMessage, ctx: TranslateContext, history = false): Translation {
  const key = msg.key as LooseKey | undefined;
  const remote = normal(key?.remoteJid);
  if (!key?.id || !remote) return { ok: false, skip: "no key" };
  if (isIgnoredChat(remote)) return { ok: false, skip: "broadcast" };
  // A message Baileys could not decrypt yet (it asks the sender again): a placeholder, under its id.
  const awaitingContent = msg.messageStubType === proto.WebMessageInfo.StubType.CIPHERTEXT;
  if (msg.messageStubType && !awaitingContent)
    return {
      ok: false,
      skip: `stub ${proto.WebMessageInfo.StubType[msg.messageStubType] ?? msg.messageStubType}`,
    };
  const described = awaitingContent ? PLACEHOLDER : describeContent(msg.message);
  if (!described.ok) return { ok: false, skip: described.skip };
  const { type, text, media, quotedWaId, quotedText, viewOnce, detail, unsupported } = described.content;

  const fromMe = !!key.fromMe;
  const own: Person = { phone: phoneFromJid(ctx.ownJid), lid: null };
  const group = !!isJidGroup(remote);
  let sender: Person;
  let peer: Person = { phone: null, lid: null };
  let participantJid: string | null = null;
  if (group) {
    participantJid = normal(key.participant) ?? (fromMe ? normal(ctx.ownJid) : null);
    sender = fromMe ? own : person(key.participant, key.participantAlt ?? key.participantPn, ctx);
  } else {
    // On our own messages Baileys' remoteJidAlt is our own other address, not the peer's: the peer
    // comes from its LID alone (the LID map, filled from Baileys' lidMapping when unknown).
    peer = person(remote, fromMe ? null : (key.remoteJidAlt ?? key.senderPn), ctx);
    sender = fromMe ? own : peer;
  }

  const message: NormalizedMessage = {
    channelId: ctx.channelId,
    waId: key.id,
    chatJid: remote,
    kind: group ? "group" : "direct",
    direction: fromMe ? "outbound" : "inbound",
    ...(fromMe ? { fromPhone: true } : {}),
    senderPhone: sender.phone,
    senderLid: sender.lid,
    senderName: cleanDisplayName(msg.pushName ?? msg.verifiedBizName),
    peerPhone: peer.phone,
    peerLid: peer.lid,
    ...(group
      ? { groupSubject: ctx.groupSubject(remote), groupSize: ctx.groupSize?.(remote) ?? null, participantJid }
      : {}),
    text,
    type,
    media,
    quotedWaId,
    ...(detail ? { detail } : {}),
    ...(quotedText ? { quotedText } : {}),
    ...(viewOnce ? { viewOnce: true } : {}),
    ...(awaitingContent ? { awaitingContent: true } : {}),
    timestamp: waTimestampMs(msg, ctx.now()),
    ...(history ? { history: true } : {}),
  };
  return { ok: true, message, hasMedia: media !== null, unsupported };
}

const Status = proto.WebMessageInfo.Status;

/** A message's status as WhatsApp reports it (messages.update) → our receipt; null for no change. */
export function receiptForStatus(status: number | null | undefined): ReceiptStatus | null {
  switch (status) {
    case Status.SERVER_ACK:
      return "sent";
    case Status.DELIVERY_ACK:
      return "delivered";
    case Status.READ:
    case Status.PLAYED:
      return "read";
    case Status.ERROR:
      return "failed";
    default:
      return null;
  }
}

/** A recipient's receipt (message-receipt.update) → our receipt. */
export function receiptForUserReceipt(receipt: proto.IUserReceipt): ReceiptStatus | null {
  if (toNumber(receipt.playedTimestamp) || toNumber(receipt.readTimestamp)) return "read";
  if (toNumber(receipt.receiptTimestamp)) return "delivered";
  return null;
}
