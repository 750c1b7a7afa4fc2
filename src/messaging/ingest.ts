import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import { durableWrite, write, type Tx } from "../db/write.ts";
import { emit, type LinkedRecord, type StoredMessage } from "./events.ts";
import { touchConversation, upsertConversation } from "./conversations-store.ts";
import type { IncomingMessage } from "../whatsapp/driver.ts";
import type { ConversationRow, MessageRow } from "./types.ts";
import { safeFileName } from "../file-name.ts";
import { reopenOnCustomerMessage } from "./status.ts";

export type { LinkedRecord, StoredMessage };

export type IngestDeps = {
  db: Db;
  clock: Clock;
  /** The records feature's one linking function; runs in the same transaction as the insert. */
  link: (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];
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
 * Stores one message exactly once: conversation, message row, record links and every in-transaction
 * listener of `message.stored` (webhook outbox, workflow runs) commit together. A replay of the same WhatsApp id (reconnects do that) changes nothing.
 */
export function createIngest(deps: IngestDeps) {
  const { db, clock } = deps;
  const existing = db.query<{ id: number; awaiting_content: number }, [number, string]>(
    "SELECT id, awaiting_content FROM messages WHERE channel_id = ? AND wa_id = ?",
  );
  const insert = db.query<MessageRow, Record<string, string | number | null>>(
    `INSERT INTO messages (id, conversation_id, channel_id, wa_id, direction, from_me_device, sender_phone, sender_lid, sender_name,
       participant_jid, type, text, media_mime, media_size, media_filename, media_status, quoted_wa_id, status, from_history, wa_timestamp, created_at,
       quoted_text, view_once, awaiting_content, detail)
     VALUES ($id, $conversation, $channel, $waId, $direction, $fromPhone, $senderPhone, $senderLid, $senderName,
       $participant, $type, $text, $mime, $size, $fileName, $mediaStatus, $quoted, $status, $history, $at, $now,
       $quotedText, $viewOnce, $awaiting, $detail)
     RETURNING *`,
  );

  function storeOne(tx: Tx, m: IncomingMessage, now: number): StoredMessage | null {
    const before = existing.get(m.channelId, m.waId);
    // The retried message a placeholder waited for takes its row (same id, same place in the chat).
    const replaces = before?.awaiting_content && !m.awaitingContent ? before.id : null;
    if (replaces !== null) db.query("DELETE FROM messages WHERE id = ?").run(replaces);
    else if (before) return null;
    // A placeholder is not a message yet: no unread count, no reopening, no hooks until it arrives.
    const conversation = upsertConversation(
      db,
      m.awaitingContent ? { ...m, history: true } : m,
      conversationKey(m),
      now,
    );
    // The retried message takes the placeholder's id: its bubble (msg-<id>) and place stay, and the
    // hooks (webhooks, workflows) run once, for the real message.
    const message = insert.get({
      id: replaces,
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
      detail: m.detail ? JSON.stringify(m.detail) : null,
      quotedText: m.quotedText ?? null,
      viewOnce: m.viewOnce ? 1 : 0,
      awaiting: m.awaitingContent ? 1 : 0,
      status: m.direction === "inbound" ? "received" : "sent",
      history: m.history ? 1 : 0,
      at: m.timestamp,
      now,
    })!;
    if (m.awaitingContent) {
      emit(tx, { type: "message.placeholder", message });
      return null;
    }
    // Hooks see the conversation as this message left it (its last_message_at is this message's).
    const touched = touchConversation(db, conversation.id, message.id, m.timestamp) ?? conversation;
    const current =
      m.direction === "inbound" && !m.history ? reopenOnCustomerMessage(tx, touched, now) : touched;
    const links = deps.link(db, current, now);
    const stored: StoredMessage = { message, conversation: current, links, history: !!m.history };
    if (!m.history) emit(tx, { type: "message.stored", ...stored });
    return stored;
  }

  return {
    /** One live message: stored and committed before this returns, then announced. */
    ingest(m: IncomingMessage): IngestResult {
      const stored = write(db, (tx) => storeOne(tx, m, clock()));
      if (!stored) return { stored: false, reason: "duplicate" };
      return { stored: true, messageId: stored.message.id, conversationId: stored.conversation.id };
    },

    /** A batch (history sync) in one transaction: thousands of rows per commit instead of one each. */
    ingestBatch(messages: IncomingMessage[]): { stored: number; duplicates: number } {
      const now = clock();
      const stored = durableWrite(db, (tx) => {
        const rows = messages.map((m) => storeOne(tx, m, now)).filter((s): s is StoredMessage => s !== null);
        const conversations = new Map<number, { channelId: number; conversationId: number }>();
        for (const s of rows)
          conversations.set(s.conversation.id, {
            channelId: s.message.channel_id,
            conversationId: s.conversation.id,
          });
        if (conversations.size > 0)
          emit(tx, { type: "history.stored", conversations: [...conversations.values()] });
        return rows;
      });
      return { stored: stored.length, duplicates: messages.length - stored.length };
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
