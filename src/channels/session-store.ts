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
    "UPDATE channels SET status = 'connected', status_reason = '', pairing_problem = '', wa_jid = ?, qr = NULL, qr_at = NULL, last_activity_at = ?, updated_at = ? WHERE id = ?",
  ).run(ownJid, now, now, channelId);
}

export function saveActivity(db: Db, channelId: number, now: number): void {
  db.query("UPDATE channels SET last_activity_at = ? WHERE id = ?").run(now, channelId);
}

/** WhatsApp's restriction on starting new chats: when it ends, or null once lifted. */
export function saveRestriction(db: Db, channelId: number, until: number | null): void {
  db.query("UPDATE channels SET restricted_until = ? WHERE id = ?").run(until, channelId);
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
