import { describe, expect, test } from "bun:test";
import { addUser, signIn } from "../helpers/app.ts";
import { insertPermissionSet } from "../../src/auth/teams-store.ts";
import { durations } from "../../src/reports/compute.ts";
import { csvRows, seededMorning } from "./fixture.ts";

const TODAY = "/reports?range=today&tz=UTC";
const CSV = "/reports/export.csv?range=today&tz=UTC";

describe("report numbers", () => {
  test("median is the middle (or the mean of the two middle values), p90 the nearest rank", () => {
    expect(durations([30, 1, 5, 2])).toEqual({ count: 4, median: 3.5, p90: 30 });
    expect(durations([5, 30, 60])).toEqual({ count: 3, median: 30, p90: 60 });
    expect(durations([])).toEqual({ count: 0, median: null, p90: null });
  });

  test("the CSV counts openings, resolutions, messages and times per channel and agent as worked out by hand", async () => {
    const f = await seededMorning();
    const res = await f.t.request(CSV, { session: f.admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows = csvRows(await res.text());
    const row = (scope: string, name: string) => rows.find((r) => r.scope === scope && r.name === name)!;
    const s = (minutes: number) => String(minutes * 60);
    // First responses: A 5, A again 2, B 30 (from its first message at 10), C 1 → 1, 2, 5, 30.
    // Resolutions: C 5 (15→20), A 30 (0→30), A 60 (reopened 60→120) → 5, 30, 60.
    expect(rows[0]).toMatchObject({
      scope: "total",
      conversations_opened: "4",
      conversations_resolved: "3",
      messages_in: "5",
      messages_out: "4",
      first_responses: "4",
      first_response_median_s: String(3.5 * 60),
      first_response_p90_s: s(30),
      resolution_median_s: s(30),
      resolution_p90_s: s(60),
    });
    expect(row("channel", "Sales line")).toMatchObject({
      conversations_opened: "3",
      conversations_resolved: "2",
      messages_in: "4",
      messages_out: "3",
      first_response_median_s: s(5),
      first_response_p90_s: s(30),
      resolution_median_s: s(45),
      resolution_p90_s: s(60),
    });
    // Admin answered A, B and C first, resolved C (5) and A (30); Sam answered A's reopening and resolved it.
    expect(row("agent", "Admin")).toMatchObject({
      messages_out: "3",
      first_responses: "3",
      first_response_median_s: s(5),
      first_response_p90_s: s(30),
      conversations_resolved: "2",
      resolution_median_s: s(17.5),
      resolution_p90_s: s(30),
    });
    expect(row("agent", "Sam Agent")).toMatchObject({
      messages_out: "1",
      first_response_median_s: s(2),
      conversations_resolved: "1",
      resolution_median_s: s(60),
    });
    // Busiest hours: Thursday 09:00 UTC holds all five inbound messages but A's second (10:00).
    expect(row("hour", "Thursday 09:00").messages_in).toBe("4");
    expect(row("hour", "Thursday 10:00").messages_in).toBe("1");
  });

  test("the page shows the same totals, and an SVG heat map with a title and description", async () => {
    const f = await seededMorning();
    const res = await f.t.request(TODAY, { session: f.admin });
    expect(res.status).toBe(200);
    const html = await res.text();
    const stat = (id: string) => new RegExp(`<dd id="${id}">([^<]*)</dd>`).exec(html)?.[1];
    expect(stat("stat-opened")).toBe("4");
    expect(stat("stat-frt-median")).toBe("4 min"); // 3.5 min, rounded for reading
    expect(stat("stat-frt-p90")).toBe("30 min");
    expect(stat("stat-res-median")).toBe("30 min");
    expect(stat("stat-res-p90")).toBe("1 h");
    expect(html).toContain('<svg class="chart heatmap"');
    expect(html).toContain('<title id="heat-title">Inbound messages per weekday and hour (UTC)</title>');
    expect(html).toContain("The busiest hour is Thursday 09:00 with 4 inbound messages.");
    expect(html).toContain('href="/reports"');
  });

  test("a past range counts nothing from a later day; a reversed custom range is refused next to the form", async () => {
    const f = await seededMorning();
    const rows = csvRows(
      await (await f.t.request("/reports/export.csv?range=yesterday&tz=UTC", { session: f.admin })).text(),
    );
    expect(rows[0]).toMatchObject({
      conversations_opened: "0",
      messages_in: "0",
      first_response_median_s: "",
    });
    const bad = await f.t.request("/reports?range=custom&from=2026-01-15&to=2026-01-10", {
      session: f.admin,
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("The end date must not be before the start date.");
  });

  test("days follow the viewer's time zone: in Auckland the morning falls on Thursday 22:00 (UTC+13)", async () => {
    const f = await seededMorning();
    const rows = csvRows(
      await (
        await f.t.request(
          `/reports/export.csv?range=custom&from=2026-01-15&to=2026-01-16&tz=Pacific/Auckland`,
          {
            session: f.admin,
          },
        )
      ).text(),
    );
    expect(rows.find((r) => r.name === "Thursday 22:00")?.messages_in).toBe("4");
    // Half an hour off UTC: 09:00–09:15 UTC is 14:30–14:45 in Kolkata, 10:00 UTC is 15:30, and a
    // message at 11:40 UTC (the seed ends at 11:00) is 17:10, in the 17:00 hour, not 16:00.
    f.t.advance(40 * 60_000);
    f.receive(f.sales, { peerPhone: "+447700900009", senderPhone: "+447700900009", timestamp: f.t.clock() });
    const kolkata = csvRows(
      await (
        await f.t.request("/reports/export.csv?range=today&tz=Asia/Kolkata", { session: f.admin })
      ).text(),
    );
    expect(kolkata.find((r) => r.name === "Thursday 14:00")?.messages_in).toBe("4");
    expect(kolkata.find((r) => r.name === "Thursday 15:00")?.messages_in).toBe("1");
    expect(kolkata.find((r) => r.name === "Thursday 17:00")?.messages_in).toBe("1");
    expect(rows[0]?.conversations_opened).toBe("4");
  });
});

describe("who may see reports", () => {
  test("an agent without reports.view gets 403 and no Reports link", async () => {
    const f = await seededMorning();
    expect((await f.t.request(TODAY, { session: f.sam })).status).toBe(403);
    expect((await f.t.request(CSV, { session: f.sam })).status).toBe(403);
    const inbox = await (await f.t.request("/inbox", { session: f.sam })).text();
    expect(inbox).not.toContain('href="/reports"');
  });

  test("someone given reports.view sees only the channels they may use", async () => {
    const f = await seededMorning();
    insertPermissionSet(f.t.db, "Team leads", ["reports.view"], 0);
    await addUser(f.t, "lea@example.com", { sets: ["Team leads"], groups: ["Sales"], name: "Lea" });
    const lea = await signIn(f.t, "lea@example.com");
    const text = await (await f.t.request(CSV, { session: lea })).text();
    expect(text).not.toContain("Support line");
    const rows = csvRows(text);
    expect(rows[0]).toMatchObject({ conversations_opened: "3", messages_in: "4", messages_out: "3" });
    // Admin's reply and resolution on Support are not counted for them either.
    expect(rows.find((r) => r.name === "Admin")).toMatchObject({
      messages_out: "2",
      conversations_resolved: "1",
    });
  });

  test("the built-in Administrator set holds reports.view after the migration", async () => {
    const f = await seededMorning();
    const perms = f.t.db
      .query<{ permissions: string }, []>(
        "SELECT permissions FROM permission_sets WHERE name = 'Administrator'",
      )
      .get()!.permissions;
    expect(JSON.parse(perms)).toContain("reports.view");
  });
});
