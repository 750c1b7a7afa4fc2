import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import {
  launchBrowser,
  pairDemoChannel,
  signInPage,
  startServer,
  watchConsole,
  type Server,
} from "../helpers/browser.ts";

/**
 * A customer writes in before anyone has a record for them; an agent then creates the contact and
 * finds the conversation already on the contact's page, with a WhatsApp action that opens compose.
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

const signIn = (page: Page) => signInPage(page, server.url);

test("create a contact, open its page, see its WhatsApp timeline and the WhatsApp action", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signIn(page);

  // The company reads national numbers as British.
  await page.goto(`${server.url}/settings/company`);
  await page.fill("#f-company_name", "Acme Trading");
  await page.selectOption("#f-region", "GB");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/saved=1/);

  // A demo number receives a message from someone Pairbox does not know yet.
  await pairDemoChannel(page, server.url, { phone: "+1 (430) 202-8897", name: "Sales line" });
  await page.fill("#f-fromPhone", "+44 7700 900123");
  await page.fill("#inject #f-name", "Ann");
  await page.fill("#inject #f-text", "Hello, is my order <b>ready</b>?");
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);

  // The agent creates the contact, typing the number the national way.
  await page.goto(`${server.url}/records/contacts`);
  await page.click("text=New contact");
  await page.fill("#f-first_name", "Ann");
  await page.fill("#f-last_name", "Lee");
  await page.fill("#f-email", "ann@example.com");
  await page.fill("#f-phones", "07700 900123");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/contacts\/\d+\?saved=1$/);

  expect(await page.locator("h1").innerText()).toBe("Ann Lee");
  const timeline = page.locator("#timeline");
  expect(await timeline.innerText()).toContain("Hello, is my order <b>ready</b>?");
  expect(await timeline.locator("a", { hasText: "Ann" }).first().getAttribute("href")).toMatch(
    /^\/inbox\/c\/\d+$/,
  );
  const whatsapp = page.locator("a.button", { hasText: "WhatsApp" });
  expect(await whatsapp.getAttribute("href")).toMatch(
    /^\/inbox\/compose\?to=%2B447700900123&record=contact:\d+$/,
  );
  await page.screenshot({ path: "/tmp/pairbox-record-page.png", fullPage: true });

  // An invoice on the page, then on a phone the page fits the screen (its tables scroll inside their cards).
  await page.click("text=New invoice");
  await page.fill("[aria-label='Line 1 description']", "Widget");
  await page.fill("[aria-label='Line 1 quantity']", "3");
  await page.fill("[aria-label='Line 1 unit price']", "19.99");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/contacts\/\d+#invoices$/);
  await page.setViewportSize({ width: 390, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });

  await whatsapp.click();
  await page.waitForURL(/\/inbox\/compose\?/);
  expect(await page.locator("#f-to").inputValue()).toBe("+447700900123");

  // The list finds her by the number written another way.
  await page.goto(`${server.url}/records/contacts?q=${encodeURIComponent("0044 7700-900123")}`);
  expect(await page.locator("table").innerText()).toContain("Ann Lee");

  // On a phone the list's rows stack, so the email is on screen rather than scrolled off to the right.
  await page.setViewportSize({ width: 390, height: 800 });
  const name = (await page.locator("tbody td", { hasText: "Ann Lee" }).boundingBox())!;
  const email = (await page.locator("tbody td", { hasText: "ann@example.com" }).boundingBox())!;
  expect(email.y).toBeGreaterThan(name.y);
  expect(email.x + email.width).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });

  // A second contact with Ann's number is held back with a warning that links to Ann; Save anyway keeps both.
  await page.goto(`${server.url}/records/contacts/new`);
  await page.fill("#f-first_name", "Annie");
  await page.fill("#f-phones", "+44 7700 900123");
  await page.click("button:has-text('Save')");
  const warning = page.locator(".field-warning");
  await warning.waitFor();
  expect(await warning.innerText()).toContain("+447700900123 is already on Ann Lee.");
  expect(await warning.locator("a", { hasText: "Ann Lee" }).getAttribute("href")).toMatch(
    /^\/records\/contacts\/\d+$/,
  );
  expect(await page.locator("#f-first_name").inputValue()).toBe("Annie");
  await warning.locator("button", { hasText: "Save anyway" }).click();
  await page.waitForURL(/\/records\/contacts\/\d+\?saved=1$/);
  expect(await page.locator("h1").innerText()).toBe("Annie");
  expect(errors).toEqual([]);
}, 60_000);
