/**
 * Snooze times, chosen in the person's own time zone (from the browser) and stored as UTC epoch ms.
 * Plain Intl arithmetic: no time-zone library, correct across daylight-saving changes.
 */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export type SnoozeChoice = "1h" | "tomorrow" | "next-week" | "custom";

/** A valid IANA zone name, else UTC (a missing or tampered field must not fail the request). */
export function safeTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

type Wall = { y: number; mo: number; d: number; h: number; mi: number; weekday: number };

/** The wall-clock time at instant `t` in zone `tz`. */
export function wallClock(t: number, tz: string): Wall {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const w = { y: get("year"), mo: get("month"), d: get("day"), h: get("hour"), mi: get("minute") };
  return { ...w, weekday: new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay() };
}

/** The instant a wall-clock time in `tz` stands for (day overflow allowed: d = 32 is next month). */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let t = asUtc;
  // Two rounds settle the offset, also when the guess lands across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const w = wallClock(t, tz);
    t = asUtc - (Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(t / 60000) * 60000);
  }
  return t;
}

/** When a snooze of this kind ends, or a reason when it cannot (a custom time not in the future). */
export function snoozeUntil(
  choice: SnoozeChoice,
  now: number,
  tz: string,
  custom: string,
): { ok: true; at: number } | { ok: false; error: string } {
  const zone = safeTimeZone(tz);
  const today = wallClock(now, zone);
  if (choice === "1h") return { ok: true, at: now + HOUR };
  if (choice === "tomorrow") return { ok: true, at: zonedTime(today.y, today.mo, today.d + 1, 9, 0, zone) };
  if (choice === "next-week") {
    const toMonday = (8 - today.weekday) % 7 || 7;
    return { ok: true, at: zonedTime(today.y, today.mo, today.d + toMonday, 9, 0, zone) };
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(custom);
  if (!m) return { ok: false, error: "Choose a date and time to snooze until." };
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const at = zonedTime(y, mo, d, h, mi, zone);
  if (!Number.isFinite(at) || at <= now) return { ok: false, error: "Choose a time in the future." };
  if (at > now + 366 * DAY) return { ok: false, error: "Snooze for at most a year." };
  return { ok: true, at };
}
