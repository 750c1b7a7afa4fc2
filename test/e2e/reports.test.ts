import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ADMIN,
  launchBrowser,
  signInPage,
  startServer,
  watchConsole,
  type Server,
} from "../helpers/browser.ts";
import { makeServices } from "../webhooks/fixtures.ts";
import { inbound } from "../inbox/fixtures.ts";
import { EVERYONE } from "../../src/auth/access.ts";
import { hashPassword } from "../../src/auth/setup.ts";
import { findPermissionSetByName } from "../../src/auth/teams-store.ts";
import { insertUser } from "../../src/auth/users-store.ts";
import { insertChannel } from "../../src/channels/store.ts";
import { findConversation } from "../../src/messaging/conversations-store.ts";
import { setConversationStatus } from "../../src/messaging/status.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** Monday 5 January 2026, 00:00 UTC: the seeded week runs to Sunday the 11th. */
const MONDAY = Date.UTC(2026, 0, 5);

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let dataDir: string;

/**
 * A week of one Support line, written through the real ingest, send command and status code with a
 * clock set to each moment, into the data directory the server then starts on:
 *
 * | opening                 | customer wrote | first reply           | resolved            |
 * | ----------------------- | -------------- | --------------------- | ------------------- |
 * | P1                      | Mon 09:00      | Admin 09:04 (4 min)   | Mon 10:00 (60 min)  |
 * | P2                      | Tue 14:00      | Ben 14:10 (10 min)    | Tue 16:00 (120 min) |
 * | P3                      | Wed 08:00      | Admin 08:30 (30 min)  | Thu 08:00 (1440 min)|
 * | P1 again (reopened)     | Thu 11:00      | Ben 11:02 (2 min)     | Thu 11:20 (20 min)  |
 * | P4                      | Fri 17:00      | Admin 18:00 (60 min)  | (open)              |
 * | P5                      | Sat 10:00      | (none)                | (open)              |
 */
async function seedWeek(dir: string) {
  const s = makeServices({ dbPath: join(dir, "pairbox.db"), now: MONDAY });
  const hash = await hashPassword(ADMIN.password);
  const admin = insertUser(
    s.db,
    {
      name: "Admin",
      email: ADMIN.email,
      passwordHash: hash,
      active: true,
      permissionSetIds: [findPermissionSetByName(s.db, "Administrator")!.id],
      groupIds: [],
    },
    MONDAY,
  );
  const ben = insertUser(
    s.db,
    {
      name: "Ben",
      email: "ben@example.com",
      passwordHash: hash,
      active: true,
      permissionSetIds: [findPermissionSetByName(s.db, "Agent")!.id],
      groupIds: [],
    },
    MONDAY,
  );
  const added = insertChannel(
    s.db,
    "+14155550100",
    { name: "Support", countryPrefix: "", access: EVERYONE },
    MONDAY,
  );
  if (!added.ok) throw new Error("channel clash");
  const channel = { id: added.id, country_prefix: "", deleted_at: null };
  const at = (day: number, hh: number, mm: number) =>
    s.advance(MONDAY + day * DAY + (hh * 60 + mm) * MIN - s.clock());
  const conv: Record<string, number> = {};
  const write = (name: string, phone: string) => {
    const r = s.services.ingest.ingest(
      inbound(channel.id, { peerPhone: phone, senderPhone: phone, senderName: name, timestamp: s.clock() }),
    );
    if (!r.stored) throw new Error("not stored");
    conv[name] = r.conversationId;
  };
  const reply = async (name: string, userId: number) => {
    const sent = s.services.send.send({
      channel,
      recipient: { conversation: findConversation(s.db, conv[name]!)! },
      parts: [{ text: "Thanks, looking into it", file: null }],
      userId,
      idempotencyKey: null,
    });
    if (!sent.ok) throw new Error(sent.message);
    await sent.dispatched;
  };
  const resolve = (name: string, userId: number) =>
    setConversationStatus(s.db, [conv[name]!], { status: "resolved" }, userId, s.clock());

  const week: [number, number, number, () => unknown][] = [
    [0, 9, 0, () => write("P1", "+447700900001")],
    [0, 9, 4, () => reply("P1", admin)],
    [0, 10, 0, () => resolve("P1", admin)],
    [1, 14, 0, () => write("P2", "+447700900002")],
    [1, 14, 10, () => reply("P2", ben)],
    [1, 16, 0, () => resolve("P2", ben)],
    [2, 8, 0, () => write("P3", "+447700900003")],
    [2, 8, 30, () => reply("P3", admin)],
    [3, 8, 0, () => resolve("P3", admin)],
    [3, 11, 0, () => write("P1", "+447700900001")],
    [3, 11, 2, () => reply("P1", ben)],
    [3, 11, 20, () => resolve("P1", ben)],
    [4, 17, 0, () => write("P4", "+447700900004")],
    [4, 18, 0, () => reply("P4", admin)],
    [5, 10, 0, () => write("P5", "+447700900005")],
  ];
  for (const [day, hh, mm, act] of week) {
    at(day, hh, mm);
    await act();
  }
  s.db.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "pairbox-e2e-reports-"));
  await seedWeek(dataDir);
  server = await startServer({ dataDir });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the report for the seeded week shows first-response and resolution times as worked out by hand", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signInPage(page, server.url);
  await page.click("nav.mainnav a:has-text('Reports')");
  await page.waitForURL(/\/reports$/);
  await page.selectOption("#f-range", "custom");
  await page.fill("#f-from", "2026-01-05");
  await page.fill("#f-to", "2026-01-11");
  // The days are counted in the browser's zone; this one is set to UTC, as the table above.
  await page.evaluate(() => {
    (document.querySelector('input[name="tz"]') as HTMLInputElement).value = "UTC";
  });
  await page.click("button:has-text('Show')");
  await page.waitForURL(/range=custom/);

  // First replies 4, 10, 30, 2, 60 min → sorted 2, 4, 10, 30, 60: median 10 min; p90 the ⌈0.9·5⌉ = 5th, 60 min.
  // Resolutions 60, 120, 1440, 20 min → sorted 20, 60, 120, 1440: median (60 + 120) / 2 = 90 min; p90 the 4th, 1 day.
  const stat = (label: string) =>
    page.locator(".stat", { has: page.locator("dt", { hasText: label }) }).locator("dd");
  expect(await stat("Conversations opened").textContent()).toBe("6");
  expect(await stat("Conversations resolved").textContent()).toBe("4");
  expect(await stat("First response, median").textContent()).toBe("10 min");
  expect(await stat("First response, p90").textContent()).toBe("1 h");
  expect(await stat("Resolution, median").textContent()).toBe("1 h 30 min");
  expect(await stat("Resolution, p90").textContent()).toBe("1 d");

  // Per agent: Admin answered 4, 30, 60 (median 30 min) and resolved 60 and 1440; Ben answered 10 and 2 (median 6 min).
  const agentRow = (name: string) =>
    page.locator("#report-agents tr", { has: page.locator(`th:text-is("${name}")`) });
  expect(await agentRow("Admin").locator("td").allTextContents()).toEqual([
    "3",
    "3",
    "30 min",
    "1 h",
    "2",
    "12 h 30 min",
    "1 d",
  ]);
  expect(await agentRow("Ben").locator("td").nth(2).textContent()).toBe("6 min");

  // The heat map is an SVG the page drew, named for screen readers.
  const heat = page.getByRole("img", { name: "Inbound messages per weekday and hour (UTC)" });
  expect(await heat.isVisible()).toBe(true);
  expect(errors).toEqual([]);
});

test("? lists the shortcuts in a dialog; j and k walk the conversation list; keys typed in a field stay text", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signInPage(page, server.url);
  await page.goto(`${server.url}/inbox`);
  const rows = page.locator("li.conv a");
  expect(await rows.count()).toBe(2); // P4 and P5 are still open

  await page.fill('input[type="search"]', "");
  await page.type('input[type="search"]', "?j");
  expect(await page.locator("dialog#shortcuts").isVisible()).toBe(false);
  expect(new URL(page.url()).pathname).toBe("/inbox");
  await page.locator('input[type="search"]').blur();

  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await dialog.waitFor();
  expect(await dialog.locator("dt").allTextContents()).toEqual(["j", "k", "r", "n", "e", "a", "/", "?"]);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });

  const path = async (i: number) => (await rows.nth(i).getAttribute("href"))!.split("?")[0];
  const [first, second] = [await path(0), await path(1)];
  const opened = async (want: string) => {
    await page.waitForURL((u) => u.pathname === want);
    await page.locator(`li.conv.active a[href^="${want}"]`).waitFor();
  };
  await page.keyboard.press("j");
  await opened(first!);
  await page.keyboard.press("j");
  await opened(second!);
  await page.keyboard.press("k");
  await opened(first!);

  await page.keyboard.press("r");
  expect(await page.evaluate(() => document.activeElement?.closest("#reply") !== null)).toBe(true);
  await page.keyboard.type("jk");
  expect(await page.locator("#reply textarea").inputValue()).toBe("jk");
  await page.locator("#reply textarea").blur();
  // n switches the reply box to its Note tab and puts the cursor in the note.
  await page.keyboard.press("n");
  await page.locator("#reply-panel-note textarea").waitFor();
  expect(await page.evaluate(() => document.activeElement?.closest("#reply-panel-note") !== null)).toBe(true);
  await page.locator("#reply-panel-note textarea").blur();
  await page.keyboard.press("/");
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("search");
  await page.locator('input[type="search"]').blur();
  // a assigns the open conversation to the person at the keyboard.
  await page.keyboard.press("a");
  await page.locator(".assign-summary", { hasText: "Assigned to you" }).waitFor();
  expect(errors).toEqual([]);
});
