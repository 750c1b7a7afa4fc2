import { localTime } from "../channels/business-hours.ts";

const DAY = 86_400_000;

/** How far a zone's clock is ahead of UTC at a moment, in ms (Intl applies its DST rules). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const l = localTime(at, timeZone);
  return Date.parse(`${l.date}T00:00:00Z`) + l.minute * 60_000 - Math.floor(at / 60_000) * 60_000;
}

/**
 * Places moments on a zone's weekday (0 Monday … 6 Sunday) and hour. Intl is slow (tens of µs a
 * call; a year of quarter hours would take over half a second), so the offset is asked once per UTC
 * day and reused within it; a day whose offset differs from the next one's holds a DST change, and
 * each of its moments is asked for itself.
 */
export function localHourPlacer(timeZone: string): (at: number) => { weekday: number; hour: number } {
  const days = new Map<number, number | null>();
  const steadyOffset = (day: number): number | null => {
    let offset = days.get(day);
    if (offset === undefined) {
      const start = zoneOffsetMs(day * DAY, timeZone);
      offset = start === zoneOffsetMs((day + 1) * DAY, timeZone) ? start : null;
      days.set(day, offset);
    }
    return offset;
  };
  return (at) => {
    const offset = steadyOffset(Math.floor(at / DAY)) ?? zoneOffsetMs(at, timeZone);
    const local = new Date(at + offset);
    return { weekday: (local.getUTCDay() + 6) % 7, hour: local.getUTCHours() };
  };
}
