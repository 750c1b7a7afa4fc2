import type { Db } from "../db/open.ts";
import type { AccessList } from "../auth/access.ts";
import type { ChannelInfo } from "./public-json.ts";
import { saveChannelOptions, type ChannelOptionValues } from "./options-store.ts";

/** The four states a channel can be in; the session manager moves it between them. */
export type ChannelStatus = "pending" | "connected" | "disconnected" | "error";

export type ChannelRow = {
  id: number;
  phone_e164: string;
  name: string;
  country_prefix: string;
  access: string;
  status: ChannelStatus;
  status_reason: string;
  last_error: string;
  last_error_at: number | null;
  last_activity_at: number | null;
  qr: string | null;
  qr_at: number | null;
  wa_jid: string | null;
  /** WhatsApp's restriction on starting new chats ends then (epoch ms); null when there is none. */
  restricted_until: number | null;
  /** "passkey": WhatsApp demands a passkey to link this number (options-store.ts). */
  pairing_problem: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
};

const COLUMNS = `id, phone_e164, name, country_prefix, access, status, status_reason, last_error, last_error_at,
  last_activity_at, qr, qr_at, wa_jid, restricted_until, pairing_problem, created_at, updated_at, deleted_at`;

/** A channel by id, deleted or not (deleted ones keep their history readable). */
export function findChannel(db: Db, id: number): ChannelRow | null {
  return db.query<ChannelRow, [number]>(`SELECT ${COLUMNS} FROM channels WHERE id = ?`).get(id);
}

/** Channels still in use, for the channels page, in the order people name them. */
export function listLiveChannels(db: Db): ChannelRow[] {
  return db
    .query<ChannelRow, []>(
      `SELECT ${COLUMNS} FROM channels WHERE deleted_at IS NULL ORDER BY name = '', name COLLATE NOCASE, id`,
    )
    .all();
}

/** The live channel already using this number, if any: one number, one live channel. */
export function findLiveChannelByPhone(db: Db, phoneE164: string): { id: number; name: string } | null {
  return db
    .query<{ id: number; name: string }, [string]>(
      "SELECT id, name FROM channels WHERE phone_e164 = ? AND deleted_at IS NULL",
    )
    .get(phoneE164);
}

export type ChannelSettings = {
  name: string;
  countryPrefix: string;
  access: AccessList;
  /** Read receipts, typing and calls (options-store.ts); unchanged when absent. */
  options?: ChannelOptionValues;
};

export type InsertResult =
  | { ok: true; id: number }
  | { ok: false; duplicateOf: { id: number; name: string } };

/**
 * Adds a channel in pending. The unique index on live numbers is the real guard: a second request
 * racing past the form's check still gets the duplicate answer rather than an error page.
 */
export function insertChannel(db: Db, phoneE164: string, s: ChannelSettings, now: number): InsertResult {
  const existing = findLiveChannelByPhone(db, phoneE164);
  if (existing) return { ok: false, duplicateOf: existing };
  try {
    const id = db
      .query(
        "INSERT INTO channels (phone_e164, name, country_prefix, access, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
      )
      .run(phoneE164, s.name, s.countryPrefix, JSON.stringify(s.access), now, now).lastInsertRowid;
    return { ok: true, id: Number(id) };
  } catch (err) {
    const clash = findLiveChannelByPhone(db, phoneE164);
    if (clash) return { ok: false, duplicateOf: clash };
    throw err;
  }
}

/** Edit keeps the number: a channel is its WhatsApp account, so a new number is a new channel. */
export function updateChannelSettings(db: Db, id: number, s: ChannelSettings, now: number): void {
  db.query(
    "UPDATE channels SET name = ?, country_prefix = ?, access = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
  ).run(s.name, s.countryPrefix, JSON.stringify(s.access), now, id);
  if (s.options) saveChannelOptions(db, id, s.options, now);
}

/**
 * Soft delete: conversations and messages point at the row, so it stays, marked deleted and
 * disconnected, with its pairing code gone. The number becomes free for a new channel.
 */
export function markChannelDeleted(db: Db, id: number, now: number): void {
  db.query(
    `UPDATE channels SET deleted_at = ?, status = 'disconnected', status_reason = 'Deleted', qr = NULL, qr_at = NULL, updated_at = ?
     WHERE id = ? AND deleted_at IS NULL`,
  ).run(now, now, id);
}

/** The label people know a channel by. */
export function channelLabel(ch: { name: string; phone_e164: string }): string {
  return ch.name || ch.phone_e164;
}

/** What the API and webhooks show of a channel. */
const CHANNEL_COLUMNS =
  "id, name, phone_e164, status, status_reason, last_error, last_error_at, last_activity_at, qr, qr_at, updated_at, deleted_at, send_read_receipts, send_typing, reject_calls, pairing_problem";

export function channelInfo(db: Db, id: number): ChannelInfo | null {
  return db.query<ChannelInfo, [number]>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE id = ?`).get(id);
}

export function channelInfos(db: Db, ids: number[] | "all"): ChannelInfo[] {
  const where = ids === "all" ? "" : `WHERE id IN (${ids.map(Number).join(",") || "NULL"})`;
  return db
    .query<ChannelInfo, []>(
      `SELECT ${CHANNEL_COLUMNS} FROM channels ${where} ORDER BY deleted_at IS NOT NULL, id`,
    )
    .all();
}
