import type { FieldErrors } from "../ui/components/form.tsx";
import { type FormBody, one } from "../web/forms.ts";
import {
  type BusinessHours,
  formatDayRanges,
  isTimeZone,
  parseDayRanges,
  parseHolidays,
  WEEKDAYS,
  type Weekday,
} from "./business-hours.ts";

/** The form's strings: the zone, one text per weekday (`day_mon` …) and the holidays. */
export type HoursFormValues = { timeZone: string; days: Record<Weekday, string>; holidays: string };

export function hoursFormValues(body: FormBody): HoursFormValues {
  const days = Object.fromEntries(WEEKDAYS.map((d) => [d, one(body, `day_${d}`).slice(0, 400)])) as Record<
    Weekday,
    string
  >;
  return {
    timeZone: one(body, "timeZone").trim().slice(0, 100),
    days,
    holidays: one(body, "holidays").slice(0, 8000),
  };
}

/** What the form shows for stored hours, or a working week in UTC when none are set yet. */
export function valuesFromHours(hours: BusinessHours | null): HoursFormValues {
  const weekly = hours?.weekly ?? {};
  const days = Object.fromEntries(
    WEEKDAYS.map((d) => [
      d,
      hours ? formatDayRanges(weekly[d]) : d === "sat" || d === "sun" ? "" : "09:00-17:00",
    ]),
  ) as Record<Weekday, string>;
  return { timeZone: hours?.timeZone ?? "UTC", days, holidays: (hours?.holidays ?? []).join("\n") };
}

/** The hours to store, or the message for each field that is wrong (keyed by its input name). */
export function validateHours(
  v: HoursFormValues,
): { ok: true; hours: BusinessHours } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (v.timeZone === "") errors.timeZone = "Enter a time zone, such as Europe/Berlin.";
  else if (!isTimeZone(v.timeZone))
    errors.timeZone = `${v.timeZone} is not a time zone: use a name such as Europe/Berlin or America/New_York.`;
  const weekly: BusinessHours["weekly"] = {};
  for (const d of WEEKDAYS) {
    const parsed = parseDayRanges(v.days[d]);
    if (parsed.ok) {
      if (parsed.ranges.length > 0) weekly[d] = parsed.ranges;
    } else errors[`day_${d}`] = parsed.error;
  }
  const holidays = parseHolidays(v.holidays);
  if (!holidays.ok) errors.holidays = holidays.error;
  if (Object.keys(errors).length > 0 || !holidays.ok) return { ok: false, errors };
  return { ok: true, hours: { timeZone: v.timeZone, weekly, holidays: holidays.dates } };
}
