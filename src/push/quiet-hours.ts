import { wallClock } from "../inbox/snooze-time.ts";
import type { PushPreferences } from "./store.ts";

/** "22:00" → 1320; anything else → null. */
export function minutesOf(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function clockText(minutes: number | null): string {
  if (minutes === null) return "";
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * Whether `now` falls in the person's quiet hours, read on their own wall clock (so daylight saving
 * moves nothing). A range past midnight (22:00–07:00) wraps; equal ends mean none.
 */
export function inQuietHours(p: PushPreferences, now: number): boolean {
  if (p.quietFrom === null || p.quietTo === null || p.quietFrom === p.quietTo) return false;
  const w = wallClock(now, p.timeZone);
  const at = w.h * 60 + w.mi;
  return p.quietFrom < p.quietTo ? at >= p.quietFrom && at < p.quietTo : at >= p.quietFrom || at < p.quietTo;
}
