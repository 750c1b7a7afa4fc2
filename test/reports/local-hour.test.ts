import { expect, test } from "bun:test";
import { localTime, WEEKDAYS } from "../../src/channels/business-hours.ts";
import { localHourPlacer } from "../../src/reports/local-hour.ts";

/**
 * The busiest-hours placement asks Intl once per day; every quarter hour of a year, DST changes
 * included (Lord Howe moves by half an hour), must land where Intl itself puts it.
 */
test("quarter hours are placed on the weekday and hour Intl gives, across DST changes", () => {
  const start = Date.UTC(2026, 0, 1);
  for (const zone of ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]) {
    const place = localHourPlacer(zone);
    const wrong: string[] = [];
    for (let at = start; at < start + 366 * 86_400_000; at += 900_000) {
      const l = localTime(at, zone);
      const expected = { weekday: WEEKDAYS.indexOf(l.weekday), hour: Math.floor(l.minute / 60) };
      const got = place(at);
      if (got.weekday !== expected.weekday || got.hour !== expected.hour)
        wrong.push(`${zone} ${new Date(at).toISOString()}`);
    }
    expect(wrong).toEqual([]);
  }
});
