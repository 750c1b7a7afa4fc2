import type { Db } from "../db/open.ts";
import type { ChannelStatus } from "../whatsapp/driver.ts";

/**
 * The SQL the session manager writes: a channel's live state (status, QR, activity) and what a
 * media download did to a message. Everything else about channels lives in store.ts.
 */

/** A new pairing code: the channel is pending until it is scanned. */
export function saveQr(db: Db, channelId: number, qr: string, now: number): void {
  db.query(
    "UPDATE channels SET qr = ?, qr_at = ?, status = 'pending', status_reason = 'Waiting for the code to be scanned.', updated_at = ? WHERE id = ?",
  ).run(qr, now, now, channelId);
}

/** A status change; any state but pending drops the QR (it can no longer be scanned). */
export function saveStatus(
  db: Db,
  channelId: number,
  status: ChannelStatus,
  reason: string,
  now: number,
): void {
  const keepQr = status === "pending";
  if (status === "error") {
    db.query(
      "UPDATE channels SET status = 'error', status_reason = ?1, last_error = ?1, last_error_at = ?2, qr = NULL, qr_at = NULL, updated_at = ?2 WHERE id = ?3",
    ).run(reason.slice(0, 500), now, channelId);
    return;
  }
  db.query(
    `UPDATE channels SET status = ?1, status_reason = ?2, updated_at = ?3,
       qr = CASE WHEN ?4 THEN qr ELSE NULL END, qr_at = CASE WHEN ?4 THEN qr_at ELSE NULL END WHERE id = ?5`,
  ).run(status, reason.slice(0, 500), now, keepQr ? 1 : 0, channelId);
}

/** A code that can no longer be scanned (its session is gone). */
export function clearQr(db: Db, channelId: number): void {
  db.query("UPDATE channels SET qr = NULL, qr_at = NULL WHERE id = ?").run(channelId);
}

/** Paired and online as ownJid. */
export function saveConnected(db: Db, channelId: number, ownJid: string, now: number): void {
  db.query(
    "UPDATE channels SET status = 'connected', status_reason = '', wa_jid = ?, qr = NULL, qr_at = NULL, last_activity_at = ?, updated_at = ? WHERE id = ?",
  ).run(ownJid, now, now, channelId);
}

export function saveActivity(db: Db, channelId: number, now: number): void {
  db.query("UPDATE channels SET last_activity_at = ? WHERE id = ?").run(now, channelId);
}

export type SessionChannel = {
  id: number;
  phone_e164: string;
  status: ChannelStatus;
  deleted_at: number | null;
  last_activity_at: number | null;
};

export function sessionChannel(db: Db, channelId: number): SessionChannel | null {
  return db
    .query<SessionChannel, [number]>(
      "SELECT id, phone_e164, status, deleted_at, last_activity_at FROM channels WHERE id = ?",
    )
    .get(channelId);
}

export function liveChannelIds(db: Db): number[] {
  return db
    .query<{ id: number }, []>("SELECT id FROM channels WHERE deleted_at IS NULL ORDER BY id")
    .all()
    .map((r) => r.id);
}

/** A group's subject or size changed: the conversation shows the new title. Returns its id, if any. */
export function saveGroupInfo(
  db: Db,
  channelId: number,
  groupJid: string,
  subject: string,
  participantCount: number | null,
): number | null {
  const row = db
    .query<{ id: number }, [string, number | null, number, string]>(
      "UPDATE conversations SET title = CASE WHEN ?1 <> '' THEN ?1 ELSE title END, participant_count = coalesce(?2, participant_count) WHERE channel_id = ?3 AND chat_jid = ?4 RETURNING id",
    )
    .get(subject.slice(0, 200), participantCount, channelId, groupJid);
  return row?.id ?? null;
}

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
