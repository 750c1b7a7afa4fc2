import type { Db } from "../db/open.ts";
import type { MessageDetail, MessageType } from "../whatsapp/driver.ts";
import type { MessageRow } from "./types.ts";

export type NewOutbound = {
  conversationId: number;
  channelId: number;
  userId: number | null;
  type: MessageType;
  text: string;
  media: { sha256: string; mime: string; size: number; fileName: string } | null;
  /** A poll, location or contact card: what the driver sends (src/whatsapp/rich.ts). */
  detail?: MessageDetail | null;
  idempotencyKey: string | null;
  /** A reply: the message it quotes (its WhatsApp id and text). */
  quote?: { waId: string; text: string } | null;
  now: number;
};

/** The outbound row is written (status queued) before anything is sent, so an accepted message is never lost. */
export function insertOutbound(db: Db, o: NewOutbound): MessageRow {
  const row = db
    .query<MessageRow, Record<string, string | number | null>>(
      `INSERT INTO messages (conversation_id, channel_id, direction, sender_name, type, text, media_sha256, media_mime, media_size,
         media_filename, media_status, detail, status, sent_by_user_id, idempotency_key, wa_timestamp, created_at, quoted_wa_id, quoted_text)
       VALUES ($conversation, $channel, 'outbound', '', $type, $text, $sha, $mime, $size, $fileName, $mediaStatus, $detail, 'queued', $user, $key, $now, $now,
         $quoted, $quotedText)
       RETURNING *`,
    )
    .get({
      conversation: o.conversationId,
      channel: o.channelId,
      type: o.type,
      text: o.text,
      sha: o.media?.sha256 ?? null,
      mime: o.media?.mime ?? null,
      size: o.media?.size ?? null,
      fileName: o.media?.fileName ?? null,
      mediaStatus: o.media ? "stored" : null,
      detail: o.detail ? JSON.stringify(o.detail) : null,
      user: o.userId,
      key: o.idempotencyKey,
      now: o.now,
      quoted: o.quote?.waId ?? null,
      quotedText: o.quote?.text.slice(0, 1000) ?? null,
    })!;
  db.query(
    "UPDATE conversations SET last_message_id = ?1, last_message_at = ?2 WHERE id = ?3 AND last_message_at <= ?2",
  ).run(row.id, o.now, o.conversationId);
  return row;
}

export function findByIdempotencyKey(db: Db, key: string): MessageRow | null {
  return db.query<MessageRow, [string]>("SELECT * FROM messages WHERE idempotency_key = ?").get(key);
}

/** Ready to be handed over: a queued message stays queued, a failed one (a retry) is queued again. */
export function requeue(db: Db, id: number): boolean {
  const row = db
    .query<{ status: string }, [number]>(
      "SELECT status FROM messages WHERE id = ? AND direction = 'outbound'",
    )
    .get(id);
  if (row?.status === "queued") return true;
  return (
    db.query("UPDATE messages SET status = 'queued', error = NULL WHERE id = ? AND status = 'failed'").run(id)
      .changes === 1
  );
}

/** Its turn came: it is being handed to WhatsApp now. False when another dispatch already took it. */
export function markSending(db: Db, id: number): boolean {
  return (
    db
      .query("UPDATE messages SET status = 'sending', error = NULL WHERE id = ? AND status = 'queued'")
      .run(id).changes === 1
  );
}

export function markSent(db: Db, id: number, waId: string): void {
  // A receipt may already have moved the row past 'sent'; keep the furthest state.
  db.query(
    "UPDATE messages SET wa_id = ?, status = CASE WHEN status IN ('delivered','read') THEN status ELSE 'sent' END, error = NULL WHERE id = ?",
  ).run(waId, id);
}

export function markFailed(db: Db, id: number, reason: string): void {
  db.query("UPDATE messages SET status = 'failed', error = ? WHERE id = ?").run(reason.slice(0, 500), id);
}

const ORDER: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

/** Applies a WhatsApp receipt; states only move forward (a late "delivered" never undoes "read"). */
export function applyReceipt(
  db: Db,
  channelId: number,
  waId: string,
  status: "sent" | "delivered" | "read" | "failed",
  reason?: string,
): MessageRow | null {
  const row = db
    .query<MessageRow, [number, string]>("SELECT * FROM messages WHERE channel_id = ? AND wa_id = ?")
    .get(channelId, waId);
  if (row?.direction !== "outbound") return null;
  if (status === "failed") {
    markFailed(db, row.id, reason ?? "WhatsApp reported the message as failed.");
  } else if ((ORDER[status] ?? 0) > (ORDER[row.status] ?? -1) || row.status === "failed") {
    db.query("UPDATE messages SET status = ? WHERE id = ?").run(status, row.id);
  } else {
    return null;
  }
  return db.query<MessageRow, [number]>("SELECT * FROM messages WHERE id = ?").get(row.id);
}

/** Messages accepted but never handed to WhatsApp (e.g. the server stopped): sent again at start-up. */
export function queuedMessages(db: Db): MessageRow[] {
  return db
    .query<MessageRow, []>(
      "SELECT * FROM messages WHERE direction = 'outbound' AND status IN ('queued', 'sending') AND status = 'queued' ORDER BY id",
    )
    .all();
}

/** A send that was in flight when the process died may or may not have left; never guess: ask for a retry. */
export function failInterruptedSends(db: Db): MessageRow[] {
  return db
    .query<MessageRow, []>(
      "UPDATE messages SET status = 'failed', error = 'Interrupted by a restart: it may not have been sent. Retry to send it.' WHERE direction = 'outbound' AND status IN ('queued', 'sending') AND status = 'sending' AND wa_id IS NULL RETURNING *",
    )
    .all();
}
