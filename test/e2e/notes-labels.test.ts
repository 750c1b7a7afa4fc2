import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import {
  launchBrowser,
  pairDemoChannel,
  signInPage,
  startServer,
  watchConsole,
  type Server,
  injectDemoMessage,
} from "../helpers/browser.ts";

/**
 * A two-person team: the administrator labels a conversation and filters the list by the label;
 * agent Bea mentions the administrator in a private note (picked from the autocomplete), and the
 * administrator's bell shows it and leads to the note.
 */

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startServer({ demo: true, admin: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const inject = (page: Page, channelUrl: string, from: string, name: string, text: string) =>
  injectDemoMessage(page, channelUrl, { from, name, text });

async function signOut(page: Page) {
  await page.click("button:has-text('Sign out')");
  await page.waitForURL(/\/login/);
}

test("labels filter the list; a mention in a note reaches the colleague's bell and leads to the note", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signInPage(page, server.url);
  const channelUrl = await pairDemoChannel(page, server.url, {
    phone: "+1 (430) 202-8897",
    name: "Sales line",
  });
  await inject(page, channelUrl, "+44 7700 900123", "Ann Lee", "Where is my order?");
  await inject(page, channelUrl, "+44 7700 900456", "Bob Roe", "Hello");

  // A label under Settings, then on Ann's conversation from its header.
  await page.goto(`${server.url}/settings/labels`);
  await page.fill("#label-name-new", "VIP");
  await page.selectOption("#label-color-new", "purple");
  await page.click("button:has-text('Create label')");
  await page.locator(".label-chip.label-purple", { hasText: "VIP" }).waitFor();
  await page.goto(`${server.url}/settings/users/new`);
  await page.fill("#f-name", "Bea Lund");
  await page.fill("#f-email", "bea@example.com");
  await page.fill("#f-password", "bea password 1");
  await page.click("button:has-text('Add user')");
  await page.waitForURL(/\/settings\/users\?saved=1$/);

  await page.goto(`${server.url}/inbox`);
  await page.click(".conv-list a:has-text('Ann Lee')");
  await page.waitForURL(/\/inbox\/c\/\d+/);
  const conversationUrl = page.url();
  await page.selectOption("select[aria-label='Add a label']", { label: "VIP" });
  await page.click(".label-add button:has-text('Add label')");
  await page.locator(".conv-header .label-chip", { hasText: "VIP" }).waitFor();
  await page
    .locator("#conv-list li", { hasText: "Ann Lee" })
    .locator(".label-chip", { hasText: "VIP" })
    .waitFor();

  // Filtered by the label, Bob's conversation leaves the list.
  await page.goto(`${server.url}/inbox`);
  await page.selectOption("select[aria-label='Filter by label']", { label: "VIP" });
  await page.waitForURL(/label=\d+/);
  await page.locator(".conv-list a:has-text('Ann Lee')").waitFor();
  expect(await page.locator(".conv-list a:has-text('Bob Roe')").count()).toBe(0);
  await signOut(page);

  // Bea writes a note mentioning the administrator, picked from the autocomplete.
  await signInPage(page, server.url, { email: "bea@example.com", password: "bea password 1" });
  await page.goto(conversationUrl);
  await page.click("#reply-tab-note");
  const box = page.locator("#note-form textarea");
  await box.waitFor({ state: "visible" });
  await box.pressSequentially("@Adm");
  await page.locator("#mention-list [role=option]", { hasText: "Administrator" }).waitFor();
  await box.press("Enter");
  expect(await box.inputValue()).toBe("@Administrator ");
  await box.pressSequentially("please call her back");
  await page.click("#note-form button:has-text('Add note')");
  const note = page.locator(".note", { hasText: "please call her back" });
  await note.waitFor();
  expect(await note.locator(".mention").textContent()).toBe("@Administrator");
  expect(await note.getAttribute("aria-label")).toBe("Private note by Bea Lund");
  await signOut(page);

  // The administrator's bell shows it; opening it lands on the note.
  await signInPage(page, server.url);
  await page.goto(`${server.url}/inbox`);
  await page.locator("#bell.has-unread").waitFor();
  expect(await page.locator("#bell").getAttribute("aria-label")).toBe("Notifications: 1 unread");
  await page.click("#bell");
  await page.click("button:has-text('Bea Lund mentioned you in a note')");
  await page.waitForURL(/\/inbox\/c\/\d+\?note=\d+#note-\d+$/);
  const target = new URL(page.url()).hash;
  await page.locator(`${target}.note`, { hasText: "please call her back" }).waitFor();
  expect(await page.evaluate(() => document.querySelector(":target")?.id)).toBe(target.slice(1));
  expect(errors).toEqual([]);
});
