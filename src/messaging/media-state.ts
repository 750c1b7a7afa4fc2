import type { Db } from "../db/open.ts";

/** Where each message's media stands (pending, stored, too large, failed): the download path's SQL. */
export type MediaTarget = {
  id: number;
  channel_id: number;
  conversation_id: number;
  wa_id: string | null;
  media_status: string | null;
  media_size: number | null;
};

export function mediaTarget(db: Db, messageId: number): MediaTarget | null {
  return db
    .query<MediaTarget, [number]>(
      "SELECT id, channel_id, conversation_id, wa_id, media_status, media_size FROM messages WHERE id = ?",
    )
    .get(messageId);
}

export function mediaTargetByWaId(db: Db, channelId: number, waId: string): MediaTarget | null {
  return db
    .query<MediaTarget, [number, string]>(
      "SELECT id, channel_id, conversation_id, wa_id, media_status, media_size FROM messages WHERE channel_id = ? AND wa_id = ?",
    )
    .get(channelId, waId);
}

export function markMediaStored(db: Db, messageId: number, sha256: string, size: number): void {
  db.query(
    "UPDATE messages SET media_sha256 = ?, media_size = ?, media_status = 'stored', media_error = NULL WHERE id = ?",
  ).run(sha256, size, messageId);
}

export function markMediaProblem(
  db: Db,
  messageId: number,
  status: "failed" | "too_large" | "pending",
  error: string | null,
): void {
  db.query("UPDATE messages SET media_status = ?, media_error = ? WHERE id = ?").run(
    status,
    error?.slice(0, 500) ?? null,
    messageId,
  );
}

/**
 * Downloads a stop interrupted (the message says "pending" with nothing fetching it). The IN term
 * repeats the partial index messages_media_pending's own, without which start-up read every message.
 */
export function interruptedDownloads(db: Db): number[] {
  return db
    .query<{ id: number }, []>(
      `SELECT id FROM messages WHERE media_status = 'pending' AND media_status IN ('pending','failed')
         AND wa_id IS NOT NULL ORDER BY id`,
    )
    .all()
    .map((r) => r.id);
}
