import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  launchBrowser,
  pairDemoChannel,
  signInPage,
  startServer,
  watchConsole,
  type Server,
} from "../helpers/browser.ts";
import { seriousViolations } from "../helpers/axe.ts";

/**
 * The app as a person meets it: every main page passes axe-core (pinned) with no serious or critical
 * violation, in light and in dark mode (which follows the system setting); the service worker
 * installs behind the strict CSP and keeps nothing but static files and the offline page.
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

test("every main page passes the accessibility check in light and dark mode; the service worker caches no conversation", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signInPage(page, server.url);

  // Something on every page: a demo number with a customer's message, a contact, an invoice form.
  const channelUrl = await pairDemoChannel(page, server.url, {
    phone: "+1 (430) 202-8897",
    name: "Sales line",
  });
  await page.fill("#f-fromPhone", "+44 7700 900123");
  await page.fill("#inject #f-name", "Ann Lee");
  await page.fill("#inject #f-text", "Is my order ready?");
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);
  await page.goto(`${server.url}/records/contacts/new`);
  await page.fill("#f-first_name", "Ann");
  await page.fill("#f-last_name", "Lee");
  await page.fill("#f-phones", "+44 7700 900123");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/contacts\/\d+\?saved=1$/);
  const recordUrl = page.url().replace(/\?.*$/, "");
  await page.goto(`${server.url}/inbox`);
  await page.click(".conv-list a:has-text('Ann Lee')");
  await page.waitForURL(/\/inbox\/c\/\d+/);
  const conversationUrl = page.url();
  // A private note in the conversation, so its colours are checked too.
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const noted = await page.request.post(`${conversationUrl.replace(/\?.*$/, "")}/notes`, {
    form: { _csrf: csrf, text: "Call her back after lunch" },
    headers: { origin: server.url },
  });
  expect(noted.status()).toBe(200);
  await page.goto(conversationUrl);
  expect(await page.locator(".note").innerText()).toContain("Call her back after lunch");

  const pages: [string, string][] = [
    ["inbox", `${server.url}/inbox`],
    ["conversation", conversationUrl],
    ["record", recordUrl],
    ["invoice form", `${recordUrl}/invoices/new?kind=invoice`],
    ["workflow editor", `${server.url}/workflows/new?type=contact`],
    ["channel page", channelUrl],
    ["notification settings", `${server.url}/settings/notifications`],
  ];
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, url] of pages) {
      await page.goto(url);
      for (const v of await seriousViolations(page)) found.push(`${scheme} ${name}: ${v}`);
    }
    // Dark mode follows the system setting: the page background turns dark.
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number) as [number, number, number];
    if ((r + g + b) / 3 < 128 !== (scheme === "dark")) found.push(`${scheme}: page background ${bg}`);
  }
  expect(found).toEqual([]);

  // The service worker installed and controls the pages (a strict CSP with worker-src 'self').
  await page.goto(`${server.url}/inbox`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
  await page.goto(conversationUrl);
  await page.goto(recordUrl);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  // The settings page's script runs under the CSP and reads this browser's push state.
  await page.goto(`${server.url}/settings/notifications`);
  await page.waitForFunction(
    () =>
      document.getElementById("push-status")?.textContent === "Push notifications are off for this browser.",
    null,
    { timeout: 10_000 },
  );
  expect(await page.locator("#push-on").isVisible()).toBe(true);
  expect(await page.locator("#push-off").isVisible()).toBe(false);
  expect(cached).toContain("/static/app.css");
  expect(cached).toContain("/offline");
  expect(cached.filter((p) => !p.startsWith("/static/") && p !== "/offline")).toEqual([]);
  expect(errors).toEqual([]);
});
