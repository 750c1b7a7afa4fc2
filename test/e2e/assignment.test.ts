import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { openDatabase } from "../../src/db/open.ts";
import { hashPassword } from "../../src/auth/setup.ts";
import { findPermissionSetByName, insertGroup } from "../../src/auth/teams-store.ts";
import { insertUser } from "../../src/auth/users-store.ts";
import {
  ADMIN,
  launchBrowser,
  pairDemoChannel,
  signInPage,
  startServer,
  watchConsole,
  type Server,
  injectDemoMessage,
} from "../helpers/browser.ts";

/**
 * A small team on one number: Ann, Bob and Cy in Sales. Auto-assignment shares new conversations
 * between the Available ones; a customer who writes again after Ann resolved goes back to Ann.
 */

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let channelUrl: string;
const PASSWORD = "agent password 1";
const agent = (name: string) => ({ email: `${name.toLowerCase()}@example.com`, password: PASSWORD });

beforeAll(async () => {
  server = await startServer({ demo: true, admin: true });
  browser = await launchBrowser();
  // The team, as an administrator would have set it up under Settings → Users and User groups.
  const db = openDatabase(join(server.dataDir, "pairbox.db"));
  const sales = insertGroup(db, "Sales", 0);
  const agentSet = findPermissionSetByName(db, "Agent")!.id;
  const passwordHash = await hashPassword(PASSWORD);
  for (const name of ["Ann", "Bob", "Cy"])
    insertUser(
      db,
      {
        name,
        email: agent(name).email,
        passwordHash,
        active: true,
        permissionSetIds: [agentSet],
        groupIds: [sales],
      },
      0,
    );
  db.close();
  page = await browser.context.newPage();
  await signInPage(page, server.url);
  channelUrl = await pairDemoChannel(page, server.url, { phone: "+1 (430) 202-8897", name: "Sales line" });
  // Auto-assignment among Sales, from the channel's settings.
  await page.goto(`${channelUrl}/edit`);
  await page.check("#auto-assign input[name=enabled]");
  await page.selectOption("#f-auto-team", { label: "Team Sales" });
  await page.click("button:has-text('Save auto-assignment')");
  await page.waitForURL(/\/edit#auto-assign$/);
  expect(await page.isChecked("#auto-assign input[name=enabled]")).toBe(true);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs out (the top bar's button) whoever is signed in, then signs in as this person. */
let signedIn = ADMIN.email;
async function signInAs(who: { email: string; password: string }) {
  if (signedIn === who.email) return;
  signedIn = who.email;
  if ((await page.locator("form.signout button").count()) > 0) {
    await page.click("form.signout button");
    await page.waitForURL(/\/login/);
  }
  await signInPage(page, server.url, who);
}

async function inject(from: string, text: string) {
  await signInAs(ADMIN);
  await injectDemoMessage(page, channelUrl, { from, name: `Customer ${from.slice(-3)}`, text });
}

/** What this agent's Mine shows: the tab's count and the rows. */
async function mine(who: { email: string; password: string }) {
  await signInAs(who);
  await page.goto(`${server.url}/inbox?filter=mine&status=all`);
  const tab = await page.locator("nav[aria-label=Filters] a", { hasText: "Mine" }).textContent();
  return { tab, rows: await page.locator(".conv-list li.conv").count() };
}

test("auto-assignment spreads 10 new conversations over the two Available agents and skips the one Away", async () => {
  const errors = watchConsole(page);
  // Cy goes Away with the switch in the top bar.
  await signInAs(agent("Cy"));
  await page.goto(`${server.url}/inbox`);
  await page.click("#availability button:has-text('Available')");
  await page.locator("#availability button", { hasText: "Away" }).waitFor();
  await page.reload();
  await page.locator("#availability button", { hasText: "Away" }).waitFor();

  for (let i = 0; i < 10; i++) await inject(`+44 7700 900${String(100 + i)}`, `Hello ${i}`);

  expect(await mine(agent("Ann"))).toEqual({ tab: "Mine (5)", rows: 5 });
  expect(await mine(agent("Bob"))).toEqual({ tab: "Mine (5)", rows: 5 });
  expect(await mine(agent("Cy"))).toEqual({ tab: "Mine (0)", rows: 0 });
  // Each conversation's timeline says how it got there.
  await signInAs(agent("Bob"));
  await page.goto(`${server.url}/inbox?filter=mine`);
  await page.click(".conv-list li.conv a >> nth=0");
  await page.locator(".assignment-line", { hasText: "Auto-assigned to Bob" }).waitFor();
  expect(errors).toEqual([]);
});

test("Ann resolves a conversation, the customer writes again: it reopens and is Ann's again", async () => {
  const errors = watchConsole(page);
  await inject("+44 7700 900555", "Where is my order?");
  await signInAs(agent("Ann"));
  await page.goto(`${server.url}/inbox?status=all`);
  await page.click(".conv-list a:has-text('Customer 555')");
  await page.waitForURL(/\/inbox\/c\/\d+/);
  const conversation = page.url().replace(/\?.*$/, "");
  // Whoever auto-assignment chose, Ann takes it, then resolves it with one key.
  if ((await page.locator(".assign-summary").textContent()) !== "Assigned to you · Sales")
    await page.click(`#conv-header-${conversation.split("/").pop()} button:has-text('Assign to me')`);
  await page.locator(".assign-summary", { hasText: "Assigned to you" }).waitFor();
  await page.keyboard.press("e");
  await page.locator(".status-badge", { hasText: "Resolved" }).waitFor();
  // Ann goes Away for the evening.
  await page.click("#availability button:has-text('Available')");
  await page.locator("#availability button", { hasText: "Away" }).waitFor();

  await inject("+44 7700 900555", "Any news?");

  await signInAs(agent("Ann"));
  await page.goto(`${server.url}/inbox?filter=mine`);
  await page.locator(".conv-list a:has-text('Customer 555')").waitFor();
  await page.goto(conversation);
  await page.locator(".status-badge", { hasText: "Open" }).waitFor();
  await page.locator(".status-line", { hasText: "Reopened by a customer message" }).waitFor();
  expect(await page.locator(".assign-summary").textContent()).toBe("Assigned to you · Sales");
  expect(errors).toEqual([]);
});

test("Cy's switch flipped in one tab changes in her other tab at once, with no reload", async () => {
  const errors = watchConsole(page);
  await signInAs(agent("Cy"));
  await page.goto(`${server.url}/inbox`);
  const other = await browser.context.newPage();
  const otherErrors = watchConsole(other);
  // Known once the other tab's live stream is open (hx-sse announces it).
  await other.addInitScript(() => {
    document.addEventListener("htmx:sse:after:connection", () => {
      (window as unknown as { liveOpen: boolean }).liveOpen = true;
    });
  });
  await other.goto(`${server.url}/inbox`);
  await other.waitForFunction(() => (window as unknown as { liveOpen?: boolean }).liveOpen === true);
  const before = (await other.locator("#availability button").textContent())?.trim();
  const after = before === "Away" ? "Available" : "Away";
  await page.click(`#availability button:has-text('${before}')`);
  await page.locator("#availability button", { hasText: after }).waitFor();
  // Well inside the 30 s poll, and the other tab never got focus.
  await other.locator("#availability button", { hasText: after }).waitFor({ timeout: 5000 });
  await other.close();
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
});
