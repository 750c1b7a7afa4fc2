import { createHash } from "node:crypto";
import {
  decryptPollVote,
  isLidUser,
  normalizeMessageContent,
  type proto,
  type WAMessage,
} from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import { cleanDisplayName } from "../../display-name.ts";
import type { Logger } from "../../log.ts";
import { phoneFromJid } from "../../phone.ts";
import type { EmitEvent, NormalizedMessage } from "../driver.ts";
import type { PollVote } from "../rich.ts";
import { normalJid } from "./translate.ts";

/**
 * Poll votes. Baileys rc14 no longer decrypts them (process-message.js has that code commented out),
 * so the driver keeps each poll's messageSecret when it sends or receives the poll, and decrypts the
 * votes with Baileys' own `decryptPollVote` (AES-GCM through node crypto).
 */

type PollCreation = proto.Message.IPollCreationMessage;

/** The poll a message creates, whichever version WhatsApp used (V2: announcements, V3: single choice). */
export function pollCreationOf(message: proto.IMessage | null | undefined): PollCreation | null {
  return (
    message?.pollCreationMessage ??
    message?.pollCreationMessageV2 ??
    message?.pollCreationMessageV3 ??
    message?.pollCreationMessageV5 ??
    null
  );
}

/** Keeps the key to a poll's votes; `creatorJid`: who created it (its votes are bound to that JID). */
export function rememberPollKey(
  db: Db,
  channelId: number,
  msg: WAMessage,
  creator: string | null | undefined,
  now: number,
): void {
  const inner = normalizeMessageContent(msg.message);
  const poll = pollCreationOf(inner);
  const secret = msg.message?.messageContextInfo?.messageSecret ?? inner?.messageContextInfo?.messageSecret;
  const creatorJid = normalJid(creator);
  if (!poll || !secret?.length || !msg.key?.id || !creatorJid) return;
  // WhatsApp allows 12 options; anything past a few dozen is not a poll a phone made.
  const options = (poll.options ?? []).slice(0, 64).map((o) => o.optionName ?? "");
  db.query(
    `INSERT INTO wa_poll_keys (channel_id, wa_id, secret, creator_jid, options, stored_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (channel_id, wa_id) DO NOTHING`,
  ).run(channelId, msg.key.id, secret, creatorJid, JSON.stringify(options), now);
}

type PollKey = { secret: Uint8Array; creator_jid: string; options: string };

function pollKey(db: Db, channelId: number, waId: string): PollKey | null {
  return db
    .query<PollKey, [number, string]>(
      "SELECT secret, creator_jid, options FROM wa_poll_keys WHERE channel_id = ? AND wa_id = ?",
    )
    .get(channelId, waId);
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export type VoteContext = {
  channelId: number;
  ownJid: string | null;
  ownLid: string | null;
  /** The voter as the translation resolved them (phone from the JID or the LID map). */
  voterPhone(jids: string[]): string | null;
};

export type VoteResult =
  | { ok: true; vote: PollVote }
  | { ok: false; reason: "not a vote" | "unknown poll" | "undecryptable" };

/**
 * A pollUpdateMessage → the voter's whole current selection, by option name. The vote is bound to
 * the creator's and the voter's JIDs; WhatsApp may use either a person's phone JID or LID for
 * each, so every pairing of the (at most two) addresses each side has is tried: a bounded handful of
 * AES-GCM checks, of which only the right one authenticates.
 */
export function decryptVote(db: Db, msg: WAMessage, ctx: VoteContext, now: number): VoteResult {
  const update = msg.message?.pollUpdateMessage;
  const key = msg.key;
  const pollWaId = update?.pollCreationMessageKey?.id;
  if (!update?.vote?.encPayload || !update.vote.encIv || !pollWaId || !key)
    return { ok: false, reason: "not a vote" };
  const stored = pollKey(db, ctx.channelId, pollWaId);
  if (!stored) return { ok: false, reason: "unknown poll" };
  const loose = key as typeof key & { participantAlt?: string | null; remoteJidAlt?: string | null };
  const voters = key.fromMe
    ? [ctx.ownJid, ctx.ownLid]
    : key.participant
      ? [key.participant, loose.participantAlt]
      : [key.remoteJid, loose.remoteJidAlt];
  const voterJids = unique(voters);
  // The creator's other address: our LID for our own polls; the voter's own addresses when people
  // vote in their own poll (WhatsApp may bind it to either of their JIDs).
  const own = stored.creator_jid === normalJid(ctx.ownJid);
  const creators = unique([stored.creator_jid, ...(own ? [ctx.ownLid] : voterJids)]);
  const options = JSON.parse(stored.options) as string[];
  for (const creator of creators)
    for (const voter of voterJids) {
      let selected: Uint8Array[];
      try {
        selected =
          decryptPollVote(update.vote, {
            pollEncKey: stored.secret,
            pollCreatorJid: creator,
            pollMsgId: pollWaId,
            voterJid: voter,
          }).selectedOptions ?? [];
      } catch {
        continue;
      }
      const byHash = new Map(options.map((o) => [sha256(o), o]));
      const names = selected
        .map((h) => byHash.get(Buffer.from(h).toString("hex")))
        .filter((o): o is string => o !== undefined);
      const timestamp =
        Number(update.senderTimestampMs ?? 0) || Number(msg.messageTimestamp ?? 0) * 1000 || now;
      return {
        ok: true,
        vote: {
          pollWaId,
          voterJid: voterJids[0]!,
          voterPhone: ctx.voterPhone(voterJids),
          voterName: msg.pushName ?? "",
          options: names,
          timestamp,
        },
      };
    }
  return { ok: false, reason: "undecryptable" };
}

function unique(jids: (string | null | undefined)[]): string[] {
  return [...new Set(jids.map((j) => normalJid(j)).filter((j): j is string => !!j))];
}

export type VoteCollectorDeps = {
  db: Db;
  channelId: number;
  clock: () => number;
  logger: Logger;
  emit: EmitEvent;
  ownJid(): string | null;
  ownLid(): string | null;
  phoneForLid(lid: string): string | null;
};

/**
 * Votes of one batch of messages, emitted after the batch's messages: a poll and its votes can come
 * together (the offline queue, history), and a vote finds its poll only once the poll is stored.
 */
export function createVoteCollector(deps: VoteCollectorDeps) {
  const pending: PollVote[] = [];
  const voterPhone = (jids: string[]) => {
    for (const j of jids) {
      const phone = phoneFromJid(j) ?? (isLidUser(j) ? deps.phoneForLid(j) : null);
      if (phone) return phone;
    }
    return null;
  };
  return {
    /**
     * A vote is decrypted and kept for `flush` (one that cannot be read is logged by its type);
     * false when the message is no vote.
     */
    take(msg: WAMessage): boolean {
      if (!normalizeMessageContent(msg.message)?.pollUpdateMessage) return false;
      const ctx = { channelId: deps.channelId, ownJid: deps.ownJid(), ownLid: deps.ownLid(), voterPhone };
      const r = decryptVote(deps.db, msg, ctx, deps.clock());
      if (r.ok) pending.push({ ...r.vote, voterName: cleanDisplayName(r.vote.voterName) });
      else
        deps.logger.info(
          { channelId: deps.channelId, waId: msg.key?.id, type: "pollUpdateMessage", reason: r.reason },
          "poll vote not applied",
        );
      return true;
    },
    /** A translated message: a poll's key is kept for its votes; a kind nobody reads is logged by name. */
    noteMessage(msg: WAMessage, t: { message: NormalizedMessage; unsupported?: string | null }): void {
      const waId = msg.key?.id;
      if (t.unsupported)
        deps.logger.info(
          { channelId: deps.channelId, waId, type: t.unsupported },
          "unsupported WhatsApp message kind",
        );
      if (t.message.type !== "poll") return;
      const creator =
        t.message.direction === "outbound" ? deps.ownJid() : msg.key?.participant || msg.key?.remoteJid;
      rememberPollKey(deps.db, deps.channelId, msg, creator, deps.clock());
    },
    flush(): void {
      for (const vote of pending.splice(0)) deps.emit({ type: "poll-vote", vote });
    },
  };
}
