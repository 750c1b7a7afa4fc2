import type { Db } from "../db/open.ts";

/**
 * LID ↔ phone pairs as people correct them: the one place outside the Baileys driver that reads or
 * writes its pairs (wa_lid_map), and the pairs a person refused (wa_lid_refused), which no source
 * may teach again.
 */

/** The LID a phone number moved to, the latest WhatsApp told us (null: addressed by number). */
export function lidForPhone(db: Db, channelId: number, phone: string): string | null {
  return (
    db
      .query<{ lid: string }, [number, string]>(
        "SELECT lid FROM wa_lid_map WHERE channel_id = ? AND phone = ? ORDER BY updated_at DESC LIMIT 1",
      )
      .get(channelId, phone)?.lid ?? null
  );
}

/** A person said this pair is wrong: it is never learned again on this channel. */
export function isRefusedPair(db: Db, channelId: number, lid: string, phone: string): boolean {
  return !!db
    .query("SELECT 1 FROM wa_lid_refused WHERE channel_id = ? AND lid = ? AND phone = ?")
    .get(channelId, lid, phone);
}

/** Forgets a wrong pair and keeps it refused; false when the channel did not hold it. */
export function refusePair(
  db: Db,
  channelId: number,
  pair: { lid: string; phone: string },
  by: number | null,
  now: number,
): boolean {
  db.query(
    `INSERT INTO wa_lid_refused (channel_id, lid, phone, refused_by, refused_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(channelId, pair.lid, pair.phone, by, now);
  return (
    db
      .query("DELETE FROM wa_lid_map WHERE channel_id = ? AND lid = ? AND phone = ?")
      .run(channelId, pair.lid, pair.phone).changes > 0
  );
}
