import { proto, type WAMessage, type WAMessageKey } from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import { isRefusedPair } from "../lid-pairs.ts";

/**
 * The Baileys driver's caches per channel: LID ↔ phone pairs, group subjects, and the raw protos of
 * sent and media messages (for WhatsApp's retry requests and media re-downloads).
 */

/** Raw protos are kept this long: enough to answer retries and to retry a failed media download. */
export const RAW_MESSAGE_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export function phoneForLid(db: Db, channelId: number, lid: string): string | null {
  return (
    db
      .query<{ phone: string }, [number, string]>(
        "SELECT phone FROM wa_lid_map WHERE channel_id = ? AND lid = ?",
      )
      .get(channelId, lid)?.phone ?? null
  );
}

/**
 * Records a pair; true when it is new or changed (worth telling the session manager). A later pair
 * for the same LID replaces the stored one: WhatsApp's latest word wins, unless a person refused it.
 */
export function rememberLid(db: Db, channelId: number, lid: string, phone: string, now: number): boolean {
  if (phoneForLid(db, channelId, lid) === phone || isRefusedPair(db, channelId, lid, phone)) return false;
  db.query(
    `INSERT INTO wa_lid_map (channel_id, lid, phone, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel_id, lid) DO UPDATE SET phone = excluded.phone, updated_at = excluded.updated_at`,
  ).run(channelId, lid, phone, now);
  return true;
}

export type CachedGroup = { subject: string; participantCount: number | null; updatedAt: number };

export function cachedGroup(db: Db, channelId: number, groupJid: string): CachedGroup | null {
  return (
    db
      .query<CachedGroup, [number, string]>(
        "SELECT subject, participant_count AS participantCount, updated_at AS updatedAt FROM wa_groups WHERE channel_id = ? AND group_jid = ?",
      )
      .get(channelId, groupJid) ?? null
  );
}

/** Stores a group's subject (and size when known); true when the subject or size changed. */
export function rememberGroup(
  db: Db,
  channelId: number,
  groupJid: string,
  subject: string,
  participantCount: number | null,
  now: number,
): boolean {
  const before = cachedGroup(db, channelId, groupJid);
  const count = participantCount ?? before?.participantCount ?? null;
  db.query(
    `INSERT INTO wa_groups (channel_id, group_jid, subject, participant_count, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (channel_id, group_jid) DO UPDATE SET subject = excluded.subject, participant_count = excluded.participant_count, updated_at = excluded.updated_at`,
  ).run(channelId, groupJid, subject, count, now);
  return !before || before.subject !== subject || before.participantCount !== count;
}

export function storeRawMessage(db: Db, channelId: number, msg: WAMessage, now: number): void {
  const id = msg.key?.id;
  if (!id) return;
  const bytes = proto.WebMessageInfo.encode(proto.WebMessageInfo.fromObject(msg)).finish();
  db.query(
    `INSERT INTO wa_raw_messages (channel_id, wa_id, proto, stored_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel_id, wa_id) DO UPDATE SET proto = excluded.proto, stored_at = excluded.stored_at`,
  ).run(channelId, id, bytes, now);
}

/** What Baileys' `getMessage` answers: a message WhatsApp asks for again (a recipient could not decrypt it). */
export function messageForRetry(db: Db, channelId: number, key: WAMessageKey): proto.IMessage | undefined {
  return (key.id ? loadRawMessage(db, channelId, key.id)?.message : undefined) ?? undefined;
}

export function loadRawMessage(db: Db, channelId: number, waId: string): WAMessage | null {
  const row = db
    .query<{ proto: Uint8Array }, [number, string]>(
      "SELECT proto FROM wa_raw_messages WHERE channel_id = ? AND wa_id = ?",
    )
    .get(channelId, waId);
  if (!row) return null;
  try {
    return proto.WebMessageInfo.decode(row.proto) as WAMessage;
  } catch {
    return null;
  }
}

/** Drops raw protos past their useful age, for every channel. Returns how many went. */
export function pruneRawMessages(db: Db, now: number): number {
  return db.query("DELETE FROM wa_raw_messages WHERE stored_at < ?").run(now - RAW_MESSAGE_TTL_MS).changes;
}

/** Everything the driver cached for a channel (the auth tables are wiped by auth-store). */
export function forgetCaches(db: Db, channelId: number): void {
  db.query("DELETE FROM wa_lid_map WHERE channel_id = ?").run(channelId);
  db.query("DELETE FROM wa_lid_refused WHERE channel_id = ?").run(channelId);
  db.query("DELETE FROM wa_groups WHERE channel_id = ?").run(channelId);
  db.query("DELETE FROM wa_raw_messages WHERE channel_id = ?").run(channelId);
}
