import { describe, expect, test } from "bun:test";
import {
  type BusinessHours,
  parseDayRanges,
  withinBusinessHours,
} from "../../src/channels/business-hours.ts";
import { findBusinessHours, saveBusinessHours } from "../../src/channels/business-hours-store.ts";
import { inboxFixture } from "../inbox/http-fixture.ts";
import { postForm } from "../helpers/app.ts";

const BERLIN: BusinessHours = {
  timeZone: "Europe/Berlin",
  weekly: {
    mon: [["09:00", "17:00"]],
    tue: [
      ["09:00", "12:00"],
      ["13:00", "24:00"],
    ],
  },
  holidays: ["2026-04-06"],
};

describe("within business hours", () => {
  test("the same UTC time is outside before the clocks go forward and inside after (Berlin, 29 March 2026)", () => {
    // Monday 23 March: 07:30 UTC is 08:30 CET, before opening. Monday 30 March: 07:30 UTC is 09:30 CEST.
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 2, 23, 7, 30))).toBe(false);
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 2, 30, 7, 30))).toBe(true);
    // And back in October (25th): on Monday the 26th 15:30 UTC is 16:30 CET, open; a week earlier it was 17:30 CEST, closed.
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 9, 26, 15, 30))).toBe(true);
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 9, 19, 15, 30))).toBe(false);
  });

  test("a holiday is closed all day in the channel's zone; the day's edges are the zone's midnight", () => {
    // Easter Monday 6 April 2026 (a Monday) at 10:00 in Berlin.
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 3, 6, 8, 0))).toBe(false);
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 3, 13, 8, 0))).toBe(true);
  });

  test("several ranges a day, a range to midnight, closed days and the end of a range itself", () => {
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 2, 31, 10, 30))).toBe(false); // Tue 12:30 CEST: lunch
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 2, 31, 21, 59))).toBe(true); // Tue 23:59 CEST
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 2, 30, 15, 0))).toBe(false); // Mon 17:00: the end is closed
    expect(withinBusinessHours(BERLIN, Date.UTC(2026, 3, 1, 8, 0))).toBe(false); // Wednesday: no hours
  });

  test("typed ranges must be times, run forwards and not overlap", () => {
    expect(parseDayRanges("9:00-12:30, 13:30 - 17:00")).toEqual({
      ok: true,
      ranges: [
        ["09:00", "12:30"],
        ["13:30", "17:00"],
      ],
    });
    expect(parseDayRanges("")).toEqual({ ok: true, ranges: [] });
    expect(parseDayRanges("17:00-09:00")).toMatchObject({
      ok: false,
      error: expect.stringContaining("after the start"),
    });
    expect(parseDayRanges("09:00-13:00, 12:00-14:00")).toMatchObject({ ok: false });
    expect(parseDayRanges("25:00-26:00")).toMatchObject({ ok: false });
  });
});

describe("the business hours form", () => {
  test("a channel manager saves hours; they are stored and shown again", async () => {
    const f = await inboxFixture();
    const res = await postForm(f.t, `/channels/${f.sales}/hours`, f.admin, {
      timeZone: "America/New_York",
      day_mon: "09:00-17:00",
      day_tue: "08:00-12:00, 13:00-16:00",
      day_sat: "",
      holidays: "2026-12-25\n2026-07-03",
    });
    expect(res.status).toBe(303);
    expect(findBusinessHours(f.t.db, f.sales)).toEqual({
      timeZone: "America/New_York",
      weekly: {
        mon: [["09:00", "17:00"]],
        tue: [
          ["08:00", "12:00"],
          ["13:00", "16:00"],
        ],
      },
      holidays: ["2026-07-03", "2026-12-25"],
    });
    const page = await f.get(`/channels/${f.sales}/hours`, f.admin);
    expect(page.html).toContain('value="08:00-12:00, 13:00-16:00"');
    expect(page.html).toContain("2026-07-03\n2026-12-25");
  });

  test("mistakes come back next to their fields with a 422, and nothing is stored", async () => {
    const f = await inboxFixture();
    const res = await postForm(f.t, `/channels/${f.sales}/hours`, f.admin, {
      timeZone: "Mars/Olympus",
      day_wed: "9-5",
      holidays: "2026-02-30",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Mars/Olympus is not a time zone");
    expect(html).toMatch(/id="f-day_wed"[^>]*aria-invalid="true"/);
    expect(html).toContain("as a range such as 09:00-17:00");
    expect(html).toContain("2026-02-30 is not a date");
    expect(html).not.toContain("<script>");
    expect(findBusinessHours(f.t.db, f.sales)).toBeNull();
  });

  test("an agent may not change hours; a stranger to the channel gets 404; a form without its token is refused", async () => {
    const f = await inboxFixture();
    expect((await postForm(f.t, `/channels/${f.sales}/hours`, f.sam, { timeZone: "UTC" })).status).toBe(403);
    expect((await postForm(f.t, `/channels/${f.support}/hours`, f.sam, { timeZone: "UTC" })).status).toBe(
      404,
    );
    const noToken = await f.t.request(`/channels/${f.sales}/hours`, {
      method: "POST",
      session: f.admin,
      body: new URLSearchParams({ timeZone: "UTC" }),
    });
    expect(noToken.status).toBe(403);
    expect(findBusinessHours(f.t.db, f.sales)).toBeNull();
  });

  test("Remove business hours goes back to always open", async () => {
    const f = await inboxFixture();
    saveBusinessHours(f.t.db, f.sales, BERLIN, 0);
    expect((await postForm(f.t, `/channels/${f.sales}/hours`, f.admin, { clear: "1" })).status).toBe(303);
    expect(findBusinessHours(f.t.db, f.sales)).toBeNull();
  });
});
