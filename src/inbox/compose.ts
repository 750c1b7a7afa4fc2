import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { ChannelAccessRow } from "../channels/access.ts";
import { listTemplates } from "../templates/store.ts";
import type { LiveHub } from "./live.ts";
import { findMessage } from "./store.ts";
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
import { applyMemberReceipt } from "./group-receipts.ts";
import type { MessageRow, MessageType } from "./types.ts";

/** What a driver needs to send one message; media is read from the content-addressed store. */
export type OutboundPayload =
  | { type: "text"; text: string }
  | {
      type: Exclude<MessageType, "text" | "location" | "contact" | "other">;
      filePath: string;
      mime: string;
      fileName: string;
      caption: string;
    };

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

/** Another dispatch of the same message got to it first. */
class AlreadyTaken extends Error {}

/**
 * Which message type a file is sent as: photos for JPEG and PNG, stickers for WebP (as WhatsApp
 * itself sends a WebP), voice notes for OGG/Opus, audio for MP3 and the like, video for MP4, and
 * documents for everything else.
 */
export function messageTypeForMime(
  mime: string,
): Exclude<MessageType, "text" | "location" | "contact" | "other"> {
  if (mime === "image/jpeg" || mime === "image/png") return "image";
  if (mime === "image/webp") return "sticker";
  if (mime === "audio/ogg" || mime === "audio/opus") return "voice";
  if (mime.startsWith("audio/")) return "audio";
  if (mime === "video/mp4") return "video";
  return "document";
}

export function composeDisabledReason(channel: ChannelAccessRow): string | null {
  return channel.deleted_at !== null
    ? "This channel was deleted: its history stays readable, but nothing can be sent through it."
    : null;
}

export function templateOptions(db: Db): { id: number; name: string }[] {
  return listTemplates(db).map((t) => ({ id: t.id, name: t.name }));
}

export type OutboxDeps = {
  db: Db;
  clock: Clock;
  hub: LiveHub;
  logger: Logger;
  sender: Sender;
  mediaPath: (sha256: string) => string;
  /** Run inside the transaction of every change (see Services.onOutbound). */
  onOutbound?: Array<(message: MessageRow) => void>;
};

/**
 * Outbound messages: written first (queued), acknowledged to the person at once, then handed to the
 * channel's session. Failures are kept on the row with their reason; the text is never lost.
 */
export function createOutbox(deps: OutboxDeps) {
  const { db, clock, hub, logger } = deps;

  /** Applies a change to one message and runs the in-transaction hooks on the result, all in one commit. */
  function change(messageId: number, apply: () => void): MessageRow {
    return db
      .transaction(() => {
        apply();
        const row = findMessage(db, messageId)!;
        for (const hook of deps.onOutbound ?? []) hook(row);
        return row;
      })
      .immediate();
  }

  function announce(m: MessageRow): void {
    hub.publish({
      type: "message.status",
      channelId: m.channel_id,
      conversationId: m.conversation_id,
      messageId: m.id,
    });
  }

  /** A receipt's change, with the outbound hooks in its transaction, announced after the commit. */
  function applied(change: () => MessageRow | null): MessageRow | null {
    const row = db
      .transaction(() => {
        const changed = change();
        if (changed) for (const hook of deps.onOutbound ?? []) hook(changed);
        return changed;
      })
      .immediate();
    if (row) announce(row);
    return row;
  }

  function recipientOf(conversationId: number): string | null {
    const c = findConversation(db, conversationId);
    if (!c) return null;
    return c.kind === "group" ? c.chat_jid : (c.peer_phone ?? c.chat_jid);
  }

  /**
   * Hands one queued (or failed, for a retry) message to its channel. It stays `queued` while it
   * waits for its turn, so a restart before then leaves it queued and `resume` sends it; it becomes
   * `sending` only when it is really handed over (a restart then may or may not have let it leave).
   */
  async function dispatch(messageId: number): Promise<MessageRow | null> {
    if (!requeue(db, messageId)) return findMessage(db, messageId);
    const m = findMessage(db, messageId)!;
    announce(m);
    const to = recipientOf(m.conversation_id);
    try {
      if (!to) throw new Error("The conversation no longer exists.");
      const payload: OutboundPayload = m.media_sha256
        ? {
            type: m.type as Exclude<OutboundPayload["type"], "text">,
            filePath: deps.mediaPath(m.media_sha256),
            mime: m.media_mime ?? "application/octet-stream",
            fileName: m.media_filename ?? "file",
            caption: m.text,
          }
        : { type: "text", text: m.text };
      const waId = await deps.sender(m.channel_id, to, payload, () => {
        if (!markSending(db, m.id)) throw new AlreadyTaken();
        announce(findMessage(db, m.id)!);
      });
      const after = change(m.id, () => markSent(db, m.id, waId));
      announce(after);
      return after;
    } catch (err) {
      if (err instanceof AlreadyTaken) return findMessage(db, m.id);
      const reason = (err as Error).message || "The message could not be sent.";
      logger.warn({ messageId, channelId: m.channel_id, reason }, "send failed");
      const after = change(m.id, () => markFailed(db, m.id, reason));
      announce(after);
      return after;
    }
  }

  return {
    /** Stores the message as queued; the caller answers the person, then `dispatch` sends it. */
    queue(o: Omit<NewOutbound, "now">): MessageRow {
      const row = db
        .transaction(() => {
          const inserted = insertOutbound(db, { ...o, now: clock() });
          for (const hook of deps.onOutbound ?? []) hook(inserted);
          return inserted;
        })
        .immediate();
      hub.publish({
        type: "message",
        channelId: row.channel_id,
        conversationId: row.conversation_id,
        messageId: row.id,
      });
      return row;
    },
    dispatch,
    /** A WhatsApp receipt for one of our messages: applied (states only move forward), hooks run, announced. */
    receipt(
      channelId: number,
      waId: string,
      status: "sent" | "delivered" | "read" | "failed",
      reason?: string,
    ): MessageRow | null {
      return applied(() => applyReceipt(db, channelId, waId, status, reason));
    },
    /** One group member's receipt: the message moves once every member's phone got there. False: no such message. */
    memberReceipt(channelId: number, waId: string, member: string, status: "delivered" | "read"): boolean {
      let found = false;
      applied(() => {
        const r = applyMemberReceipt(db, channelId, waId, member, status, clock());
        found = r.found;
        return r.changed;
      });
      return found;
    },
    /** At start-up: sends what was queued but never handed over; marks interrupted sends for a manual retry. */
    async resume(): Promise<void> {
      const interrupted = db
        .transaction(() => {
          const rows = failInterruptedSends(db);
          for (const row of rows) for (const hook of deps.onOutbound ?? []) hook(row);
          return rows;
        })
        .immediate();
      if (interrupted.length)
        logger.warn(
          { interrupted: interrupted.length },
          "sends interrupted by a restart are marked failed for retry",
        );
      // Announced like any other failure, so the inbox and the message.status webhook hear of it.
      for (const m of interrupted) announce(m);
      // All at once: each channel's queue keeps its own order, and one slow channel holds up no other.
      await Promise.all(queuedMessages(db).map((m) => dispatch(m.id)));
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
