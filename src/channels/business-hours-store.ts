import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { type BusinessHours, holidaysSchema, isTimeZone, weeklySchema } from "./business-hours.ts";

type HoursRow = { time_zone: string; weekly: string; holidays: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The channel's business hours, or null when none are set (or the stored row is damaged). */
export function findBusinessHours(db: Db, channelId: number): BusinessHours | null {
  const row = db
    .query<HoursRow, [number]>(
      "SELECT time_zone, weekly, holidays FROM channel_business_hours WHERE channel_id = ?",
    )
    .get(channelId);
  if (!row || !isTimeZone(row.time_zone)) return null;
  const weekly = weeklySchema.safeParse(parseJson(row.weekly));
  const holidays = holidaysSchema.safeParse(parseJson(row.holidays));
  if (!weekly.success || !holidays.success) return null;
  return { timeZone: row.time_zone, weekly: weekly.data, holidays: holidays.data };
}

export function saveBusinessHours(db: Db, channelId: number, hours: BusinessHours, now: number): void {
  write(db, () => {
    db.query(
      `INSERT INTO channel_business_hours (channel_id, time_zone, weekly, holidays, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET time_zone = excluded.time_zone, weekly = excluded.weekly,
         holidays = excluded.holidays, updated_at = excluded.updated_at`,
    ).run(channelId, hours.timeZone, JSON.stringify(hours.weekly), JSON.stringify(hours.holidays), now);
  });
}

/** Back to no hours: the channel counts as always open again. */
export function clearBusinessHours(db: Db, channelId: number): void {
  write(db, () => {
    db.query("DELETE FROM channel_business_hours WHERE channel_id = ?").run(channelId);
  });
}
