import { z } from "zod";
import { isTimeZone, localTime } from "../channels/business-hours.ts";

export const PRESETS = {
  today: "Today",
  yesterday: "Yesterday",
  this_week: "This week",
  last_week: "Last week",
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  custom: "Custom",
} as const;
export type Preset = keyof typeof PRESETS;

/** A report's range: whole local days [fromDate, toDate] in a zone, and the instants [from, to) they span. */
export type ReportRange = {
  preset: Preset;
  timeZone: string;
  fromDate: string;
  toDate: string;
  from: number;
  to: number;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 400;

const querySchema = z.object({
  range: z.enum(Object.keys(PRESETS) as [Preset, ...Preset[]]).catch("last_7_days"),
  from: z.string().regex(DATE).optional().catch(undefined),
  to: z.string().regex(DATE).optional().catch(undefined),
  tz: z.string().max(64).optional().catch(undefined),
});

/** Days after a YYYY-MM-DD date, as a date (calendar arithmetic: no zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const validDate = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/**
 * The instant a local date begins in a zone. Intl gives the zone's offset at a guess; two rounds settle
 * it across a DST change (a day that begins in a gap starts at the first valid local time).
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let at = wall;
  for (let i = 0; i < 3; i++) {
    const local = localTime(at, timeZone);
    const shown = Date.parse(`${local.date}T00:00:00Z`) + local.minute * 60_000;
    const next = at - (shown - wall);
    if (next === at) break;
    at = next;
  }
  return at;
}

export type RangeResult = { ok: true; range: ReportRange } | { ok: false; error: string; range: ReportRange };

/**
 * The range a query string asks for, as of `now`: a preset, or custom dates (inclusive, at most
 * 400 days). Bad input falls back to the last 7 days, with the message for the form.
 */
export function parseRange(query: Record<string, string | undefined>, now: number): RangeResult {
  const q = querySchema.parse(query);
  const timeZone = q.tz && isTimeZone(q.tz) ? q.tz : "UTC";
  const today = localTime(now, timeZone);
  const weekStart = addDays(
    today.date,
    -((["mon", "tue", "wed", "thu", "fri", "sat", "sun"].indexOf(today.weekday) + 7) % 7),
  );
  const days = (preset: Preset): [string, string] => {
    switch (preset) {
      case "today":
        return [today.date, today.date];
      case "yesterday":
        return [addDays(today.date, -1), addDays(today.date, -1)];
      case "this_week":
        return [weekStart, today.date];
      case "last_week":
        return [addDays(weekStart, -7), addDays(weekStart, -1)];
      case "last_30_days":
        return [addDays(today.date, -29), today.date];
      default:
        return [addDays(today.date, -6), today.date];
    }
  };
  const build = (preset: Preset, [fromDate, toDate]: [string, string]): ReportRange => ({
    preset,
    timeZone,
    fromDate,
    toDate,
    from: startOfLocalDay(fromDate, timeZone),
    to: startOfLocalDay(addDays(toDate, 1), timeZone),
  });
  if (q.range !== "custom") return { ok: true, range: build(q.range, days(q.range)) };
  const fallback = build("custom", days("last_7_days"));
  if (!q.from || !q.to || !validDate(q.from) || !validDate(q.to))
    return { ok: false, error: "Enter both dates as YYYY-MM-DD.", range: fallback };
  if (q.to < q.from)
    return { ok: false, error: "The end date must not be before the start date.", range: fallback };
  if (Date.parse(q.to) - Date.parse(q.from) > (MAX_DAYS - 1) * 86_400_000)
    return { ok: false, error: `Choose at most ${MAX_DAYS} days.`, range: fallback };
  return { ok: true, range: build("custom", [q.from, q.to]) };
}
