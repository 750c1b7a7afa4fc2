import { z } from "zod";

/** Weekdays in the order the settings form shows them (Monday first, as most teams plan a week). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** One opening range of a day, as local wall-clock times "HH:MM" (the end may be "24:00"). */
export type HoursRange = [string, string];
export type BusinessHours = {
  timeZone: string;
  weekly: Partial<Record<Weekday, HoursRange[]>>;
  holidays: string[];
};

const MAX_RANGES_PER_DAY = 6;
const MAX_HOLIDAYS = 366;

/** Whether Intl knows this IANA zone name (the only source of time-zone rules Pairbox uses). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/**
 * One day's ranges as typed ("09:00-12:30, 13:30-17:00"; empty is closed): the ranges, or the
 * message for the field. Ranges must run forwards and not overlap.
 */
export function parseDayRanges(
  text: string,
): { ok: true; ranges: HoursRange[] } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === "" || /^closed$/i.test(trimmed)) return { ok: true, ranges: [] };
  if (trimmed.length > 200) return { ok: false, error: "Use at most 200 characters." };
  const parts = trimmed.split(/\s*,\s*/);
  if (parts.length > MAX_RANGES_PER_DAY)
    return { ok: false, error: `Use at most ${MAX_RANGES_PER_DAY} ranges a day.` };
  const ranges: HoursRange[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    const [from, to] = m ? [m[1]!.padStart(5, "0"), m[2]!.padStart(5, "0")] : ["", ""];
    if (!m || !TIME.test(from) || !TIME.test(to) || from === "24:00")
      return { ok: false, error: `Write ${JSON.stringify(part)} as a range such as 09:00-17:00.` };
    if (minutes(to) <= minutes(from))
      return { ok: false, error: `${part}: the end must be after the start.` };
    const previous = ranges.at(-1);
    if (previous && minutes(from) < minutes(previous[1]))
      return { ok: false, error: `${part}: ranges must be in order and must not overlap.` };
    ranges.push([from, to]);
  }
  return { ok: true, ranges };
}

/** Holidays as typed, one date (YYYY-MM-DD) a line or separated by commas. */
export function parseHolidays(text: string): { ok: true; dates: string[] } | { ok: false; error: string } {
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length > MAX_HOLIDAYS) return { ok: false, error: `Enter at most ${MAX_HOLIDAYS} dates.` };
  for (const d of items) {
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    if (!valid) return { ok: false, error: `${d} is not a date: write it as YYYY-MM-DD.` };
  }
  return { ok: true, dates: [...new Set(items)].sort() };
}

/** The stored JSON shapes; a damaged row reads as no hours (always open) rather than crashing. */
const rangeSchema = z.tuple([z.string().regex(TIME), z.string().regex(TIME)]);
export const weeklySchema = z.partialRecord(z.enum(WEEKDAYS), z.array(rangeSchema).max(MAX_RANGES_PER_DAY));
export const holidaysSchema = z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(MAX_HOLIDAYS);

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs far more than using it, and a
 * report converts thousands of moments. Zones are validated names, a few hundred at most.
 */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    if (formatters.size >= 500) formatters.clear();
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A moment as the channel's clock shows it: the local date, weekday and minute of the day. */
export function localTime(at: number, timeZone: string): { date: string; weekday: Weekday; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    weekday: get("weekday").slice(0, 3).toLowerCase() as Weekday,
    minute: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

/**
 * Whether a moment falls within the hours: its local wall-clock time (Intl applies the zone's DST
 * rules) inside one of that weekday's ranges, on a day that is not a holiday.
 */
export function withinBusinessHours(hours: BusinessHours, at: number): boolean {
  const local = localTime(at, hours.timeZone);
  if (hours.holidays.includes(local.date)) return false;
  return (hours.weekly[local.weekday] ?? []).some(
    ([from, to]) => local.minute >= minutes(from) && local.minute < minutes(to),
  );
}

/** A day's ranges as the form shows them. */
export function formatDayRanges(ranges: HoursRange[] | undefined): string {
  return (ranges ?? []).map(([from, to]) => `${from}-${to}`).join(", ");
}
