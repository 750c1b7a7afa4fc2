import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { LiveHub } from "./live-hub.ts";
import { touchConversation, upsertConversation } from "./conversations-store.ts";
import type { IncomingMessage } from "../whatsapp/driver.ts";
import type { ConversationRow, MessageRow } from "./types.ts";
import { safeFileName } from "../file-name.ts";

export type LinkedRecord = { type: string; id: number };

/** What in-transaction hooks (workflow triggers, webhook outbox) see of a freshly stored message. */
export type StoredMessage = {
  message: MessageRow;
  conversation: ConversationRow;
  links: LinkedRecord[];
  history: boolean;
};

export type IngestDeps = {
  db: Db;
  clock: Clock;
  hub: LiveHub;
  /** The records feature's one linking function; runs in the same transaction as the insert. */
  link: (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];
  /** Synchronous work that must commit with the message or not at all (outbox rows, workflow runs). */
  onStored: Array<(stored: StoredMessage) => void>;
};

export type IngestResult =
  | { stored: true; messageId: number; conversationId: number }
  | { stored: false; reason: "duplicate" };

/** Direct chats are keyed by phone when we know it, else by LID; groups by their JID. */
export function conversationKey(m: IncomingMessage): string {
  if (m.kind === "group") return m.chatJid;
  if (m.peerPhone) return `${m.peerPhone.replace(/^\+/, "")}@s.whatsapp.net`;
  return m.chatJid;
}

/**
 * Stores one message exactly once: conversation, message row, record links and every hook commit
 * together. A replay of the same WhatsApp id (reconnects do that) changes nothing.
 */
export function createIngest(deps: IngestDeps) {
  const { db, clock, hub } = deps;
  const existing = db.query<{ id: number }, [number, string]>(
    "SELECT id FROM messages WHERE channel_id = ? AND wa_id = ?",
  );
  const insert = db.query<MessageRow, Record<string, string | number | null>>(
    `INSERT INTO messages (conversation_id, channel_id, wa_id, direction, from_me_device, sender_phone, sender_lid, sender_name,
       participant_jid, type, text, media_mime, media_size, media_filename, media_status, quoted_wa_id, status, from_history, wa_timestamp, created_at)
     VALUES ($conversation, $channel, $waId, $direction, $fromPhone, $senderPhone, $senderLid, $senderName,
       $participant, $type, $text, $mime, $size, $fileName, $mediaStatus, $quoted, $status, $history, $at, $now)
     RETURNING *`,
  );

  function storeOne(m: IncomingMessage, now: number): StoredMessage | null {
    if (existing.get(m.channelId, m.waId)) return null;
    const conversation = upsertConversation(db, m, conversationKey(m), now);
    const message = insert.get({
      conversation: conversation.id,
      channel: m.channelId,
      waId: m.waId,
      direction: m.direction,
      fromPhone: m.fromPhone ? 1 : 0,
      senderPhone: m.senderPhone,
      senderLid: m.senderLid,
      senderName: m.senderName.slice(0, 200),
      participant: m.participantJid ?? null,
      type: m.type,
      text: m.text,
      mime: m.media?.mime ?? null,
      size: m.media?.size ?? null,
      fileName: safeFileName(m.media?.fileName),
      mediaStatus: m.media ? "pending" : null,
      quoted: m.quotedWaId ?? null,
      status: m.direction === "inbound" ? "received" : "sent",
      history: m.history ? 1 : 0,
      at: m.timestamp,
      now,
    })!;
    // Hooks see the conversation as this message left it (its last_message_at is this message's).
    const current = touchConversation(db, conversation.id, message.id, m.timestamp) ?? conversation;
    const links = deps.link(db, current, now);
    const stored: StoredMessage = { message, conversation: current, links, history: !!m.history };
    for (const hook of deps.onStored) hook(stored);
    return stored;
  }

  function announce(stored: StoredMessage[]): void {
    for (const s of stored)
      hub.publish({
        type: "message",
        channelId: s.message.channel_id,
        conversationId: s.conversation.id,
        messageId: s.message.id,
      });
  }

  return {
    /** One live message: stored and committed before this returns, then announced. */
    ingest(m: IncomingMessage): IngestResult {
      const stored = db.transaction(() => storeOne(m, clock())).immediate();
      if (!stored) return { stored: false, reason: "duplicate" };
      announce([stored]);
      return { stored: true, messageId: stored.message.id, conversationId: stored.conversation.id };
    },

    /** A batch (history sync) in one transaction: thousands of rows per commit instead of one each. */
    ingestBatch(messages: IncomingMessage[]): { stored: number; duplicates: number } {
      const now = clock();
      const stored = db
        .transaction(() =>
          messages.map((m) => storeOne(m, now)).filter((s): s is StoredMessage => s !== null),
        )
        .immediate();
      const conversations = new Map<number, StoredMessage>();
      for (const s of stored) conversations.set(s.conversation.id, s);
      for (const s of conversations.values())
        hub.publish({
          type: "conversation",
          channelId: s.message.channel_id,
          conversationId: s.conversation.id,
        });
      return { stored: stored.length, duplicates: messages.length - stored.length };
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
