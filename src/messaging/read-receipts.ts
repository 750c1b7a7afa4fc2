import type { Db } from "../db/open.ts";

/**
 * Read receipts to customers: which inbound messages of a conversation have not been reported read
 * to WhatsApp yet (newer than `receipts_sent_through`), and moving that mark once they were.
 * Calls and history imports are never reported: WhatsApp has no receipt for a call, and history
 * was read long ago on the phone.
 */

/** At most this many per open: a chat that waited months sends one bounded receipt, newest first. */
export const MAX_RECEIPTS = 100;

export type PendingReceipt = { id: number; wa_id: string; participant_jid: string | null };

export function pendingReadReceipts(db: Db, conversationId: number): PendingReceipt[] {
  return db
    .query<PendingReceipt, [number, number, number]>(
      // Only the chat's newest messages are looked at (its index, newest first, bounded): what is
      // older than those was either reported already or is past what one receipt reports anyway,
      // and a 5,000-message chat is not scanned on every open.
      `SELECT m.id, m.wa_id, m.participant_jid
       FROM (SELECT id, wa_id, participant_jid, direction, from_history, type FROM messages
             WHERE conversation_id = ?1 ORDER BY wa_timestamp DESC, id DESC LIMIT ?3) m
       WHERE m.id > (SELECT receipts_sent_through FROM conversations WHERE id = ?1) AND m.direction = 'inbound'
         AND m.wa_id IS NOT NULL AND m.from_history = 0 AND m.type <> 'call'
       ORDER BY m.id DESC LIMIT ?2`,
    )
    .all(conversationId, MAX_RECEIPTS, MAX_RECEIPTS * 2)
    .reverse();
}

export function markReceiptsSent(db: Db, conversationId: number, throughMessageId: number): void {
  db.query("UPDATE conversations SET receipts_sent_through = max(receipts_sent_through, ?) WHERE id = ?").run(
    throughMessageId,
    conversationId,
  );
}
