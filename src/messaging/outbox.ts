import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { write } from "../db/write.ts";
import { emit } from "./events.ts";
import { findMessage, findMessageByWaId } from "./store.ts";
import { findConversation } from "./conversations-store.ts";
import {
  applyReceipt,
  failInterruptedSends,
  insertOutbound,
  markFailed,
  markSending,
  markSent,
  queuedMessages,
  requeue,
  type NewOutbound,
} from "./outbound-store.ts";
import type { MediaMessageType, OutboundPayload, OutboundQuote } from "../whatsapp/driver.ts";
import { payloadOf } from "./outbound-payload.ts";
import { applyMemberReceipt } from "./group-receipts.ts";
import type { MessageRow } from "./types.ts";

/**
 * The send side of the channel sessions, as the inbox sees it. Resolves to the WhatsApp message id.
 * `claim` runs when the send's turn in its channel's queue comes, right before it is handed to
 * WhatsApp; when it throws, the send is called off.
 */
export type Sender = (
  channelId: number,
  to: string,
  payload: OutboundPayload,
  claim?: () => void,
) => Promise<string>;

/** Where a conversation's messages go: the group, or the person's phone (their LID when that is all we know). */
export function recipientOf(db: Db, conversationId: number): string | null {
  const c = findConversation(db, conversationId);
  if (!c) return null;
  return c.kind === "group" ? c.chat_jid : (c.peer_phone ?? c.chat_jid);
}

/** The message a reply quotes, as the driver addresses it (null: not a reply, or it is gone). */
function quoteOf(db: Db, m: MessageRow): OutboundQuote | null {
  if (!m.quoted_wa_id) return null;
  const q = findMessageByWaId(db, m.channel_id, m.quoted_wa_id);
  if (!q?.wa_id) return null;
  return {
    waId: q.wa_id,
    fromMe: q.direction === "outbound",
    participantJid: q.participant_jid,
    text: q.text || m.quoted_text || "",
  };
}

/** Another dispatch of the same message got to it first. */
class AlreadyTaken extends Error {}

/**
 * Which message type a file is sent as: photos for JPEG and PNG, stickers for WebP (as WhatsApp
 * itself sends a WebP), voice notes for OGG/Opus, audio for MP3 and the like, video for MP4, and
 * documents for everything else.
 */
export function messageTypeForMime(mime: string): MediaMessageType {
  if (mime === "image/jpeg" || mime === "image/png") return "image";
  if (mime === "image/webp") return "sticker";
  if (mime === "audio/ogg" || mime === "audio/opus") return "voice";
  if (mime.startsWith("audio/")) return "audio";
  if (mime === "video/mp4") return "video";
  return "document";
}

export type OutboxDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  sender: Sender;
  mediaPath: (sha256: string) => string;
};

/**
 * Outbound messages: written first (queued), acknowledged to the person at once, then handed to the
 * channel's session. Failures are kept on the row with their reason; the text is never lost.
 */
export function createOutbox(deps: OutboxDeps) {
  const { db, clock, logger } = deps;

  /**
   * Applies a change to one message and emits `outbound.changed` with the result, all in one commit
   * (the message.status webhook row commits with the state it reports). `apply` returning false
   * means nothing changed: nothing is emitted.
   */
  function change(messageId: number, apply: () => unknown): MessageRow | null {
    return write(db, (tx) => {
      if (apply() === false) return null;
      const row = findMessage(db, messageId)!;
      emit(tx, { type: "outbound.changed", message: row });
      return row;
    });
  }

  /**
   * Hands one queued (or failed, for a retry) message to its channel. It stays `queued` while it
   * waits for its turn, so a restart before then leaves it queued and `resume` sends it; it becomes
   * `sending` only when it is really handed over (a restart then may or may not have let it leave).
   */
  async function dispatch(messageId: number): Promise<MessageRow | null> {
    const m = change(messageId, () => requeue(db, messageId));
    if (!m) return findMessage(db, messageId);
    const to = recipientOf(db, m.conversation_id);
    try {
      if (!to) throw new Error("The conversation no longer exists.");
      const quote = quoteOf(db, m);
      const payload = payloadOf(m, deps.mediaPath, quote);
      const waId = await deps.sender(m.channel_id, to, payload, () => {
        if (!change(m.id, () => markSending(db, m.id))) throw new AlreadyTaken();
      });
      return change(m.id, () => markSent(db, m.id, waId));
    } catch (err) {
      if (err instanceof AlreadyTaken) return findMessage(db, m.id);
      const reason = (err as Error).message || "The message could not be sent.";
      logger.warn({ messageId, channelId: m.channel_id, reason }, "send failed");
      return change(m.id, () => markFailed(db, m.id, reason));
    }
  }

  return {
    /** Stores the message as queued; the caller answers the person, then `dispatch` sends it. */
    queue(o: Omit<NewOutbound, "now">): MessageRow {
      return write(db, (tx) => {
        const inserted = insertOutbound(db, { ...o, now: clock() });
        emit(tx, { type: "outbound.queued", message: inserted });
        return inserted;
      });
    },
    dispatch,
    /** A WhatsApp receipt for one of our messages: applied (states only move forward), hooks run, announced. */
    receipt(
      channelId: number,
      waId: string,
      status: "sent" | "delivered" | "read" | "failed",
      reason?: string,
    ): MessageRow | null {
      return write(db, (tx) => {
        const changed = applyReceipt(db, channelId, waId, status, reason);
        if (changed) emit(tx, { type: "outbound.changed", message: changed });
        return changed;
      });
    },
    /** One group member's receipt: the message moves once every member's phone got there. False: no such message. */
    memberReceipt(channelId: number, waId: string, member: string, status: "delivered" | "read"): boolean {
      return write(db, (tx) => {
        const r = applyMemberReceipt(db, channelId, waId, member, status, clock());
        if (r.changed) emit(tx, { type: "outbound.changed", message: r.changed });
        return r.found;
      });
    },
    /** At start-up: sends what was queued but never handed over; marks interrupted sends for a manual retry. */
    async resume(): Promise<void> {
      // Announced like any other failure, so the inbox and the message.status webhook hear of it.
      const interrupted = write(db, (tx) => {
        const rows = failInterruptedSends(db);
        for (const row of rows) emit(tx, { type: "outbound.changed", message: row });
        return rows;
      });
      if (interrupted.length)
        logger.warn(
          { interrupted: interrupted.length },
          "sends interrupted by a restart are marked failed for retry",
        );
      // All at once: each channel's queue keeps its own order, and one slow channel holds up no other.
      await Promise.all(queuedMessages(db).map((m) => dispatch(m.id)));
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
