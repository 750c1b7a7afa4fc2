import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import {
  ADMIN,
  launchBrowser,
  signInPage,
  startServer,
  watchConsole,
  type Server,
} from "../helpers/browser.ts";

/**
 * The whole channel life cycle in demo mode, as a new administrator lives it: add a number, watch
 * the pairing code rotate, "scan" it, see Connected without reloading, narrow who may see it, sign
 * it out, pair it again, delete it. The server runs with PAIRBOX_SIM_QR_ROTATE_MS set low, so the
 * simulator's code rotates by itself while the page is watched (WhatsApp and the default: every 20 s).
 */

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startServer({ demo: true, admin: true, env: { PAIRBOX_SIM_QR_ROTATE_MS: "1500" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page: Page, email: string, password: string) =>
  signInPage(page, server.url, { email, password });

async function signOut(page: Page) {
  await page.click("text=Sign out");
  await page.waitForURL(/\/login/);
}

const status = (page: Page) => page.locator("#channel-state").getAttribute("data-status");
const qrSrc = (page: Page) => page.locator("img#qr").getAttribute("src");

test("an admin adds a number, pairs it by QR, narrows its access, signs it out, pairs it again and deletes it", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  page.on("dialog", (d) => void d.accept());
  await signIn(page, ADMIN.email, ADMIN.password);

  // Two teams, and Una in Support who will lose sight of the Sales number.
  await page.goto(`${server.url}/settings/groups`);
  for (const name of ["Sales", "Support"]) {
    await page.fill("#f-name", name);
    await page.click("text=Create group");
  }
  await page.goto(`${server.url}/settings/users/new`);
  await page.fill("#f-name", "Una Agent");
  await page.fill("#f-email", "una@example.com");
  await page.fill("#f-password", "una password 1");
  await page.check("label:has-text('Support') input");
  await page.click("button:has-text('Add user')");
  await page.waitForURL(/\/settings\/users\?saved=1$/);

  // Add the number: a wrong one first, refused next to the field.
  await page.goto(`${server.url}/channels`);
  await page.click("text=Add WhatsApp number");
  expect(await page.isChecked("input[name=access][value=all]")).toBe(true);
  await page.fill("#f-phone", "07700 900123");
  await page.click("button:has-text('Add number and show QR')");
  expect(await page.locator("#f-phone-error").innerText()).toContain("international format");
  await page.fill("#f-phone", "+1 (430) 202-8897");
  await page.fill("#f-name", "Sales line");
  await page.fill("#f-countryPrefix", "+1");
  await page.click("button:has-text('Add number and show QR')");
  await page.waitForURL(/\/channels\/\d+\?done=added$/);
  const channelUrl = page.url().replace(/\?.*$/, "");

  // Pending, with a server-drawn QR and the steps; the code rotates without a reload.
  expect(await status(page)).toBe("pending");
  expect(await page.locator(".pair-steps").innerText()).toContain("Linked devices");
  await page.locator("img#qr").waitFor();
  const svg = await page.request.get(`${server.url}${await qrSrc(page)}`);
  expect(svg.headers()["content-type"]).toBe("image/svg+xml");
  expect(await svg.text()).toStartWith("<svg");
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const firstQr = await qrSrc(page);
  // No click: the next code arrives through the live stream and replaces the image.
  await page.waitForFunction(
    (first) => document.querySelector("img#qr")?.getAttribute("src") !== first,
    firstQr,
    { timeout: 10_000 },
  );
  const rotated = await qrSrc(page);
  expect(rotated).not.toBe(firstQr);
  const rotatedSvg = await (await page.request.get(`${server.url}${rotated}`)).text();
  expect(rotatedSvg).toStartWith("<svg");
  expect(rotatedSvg).not.toBe(await svg.text());
  // Refresh QR asks for a new code at once (and starts the count of unscanned codes again).
  await page.click("button:has-text('Refresh QR')");
  await page.locator("#notice", { hasText: "Asked WhatsApp for a new pairing code." }).waitFor();
  await page.waitForFunction(
    (before) => document.querySelector("img#qr")?.getAttribute("src") !== before,
    rotated,
    { timeout: 10_000 },
  );

  // The demo phone scans: the code disappears and Connected shows, on the same page.
  await page.click("button:has-text('Scan (demo)')");
  await page.waitForFunction(
    () => document.querySelector("#channel-state")?.getAttribute("data-status") === "connected",
    null,
    { timeout: 5_000 },
  );
  expect(await page.locator("img#qr").count()).toBe(0);
  expect(await page.locator("#channel-state .badge").innerText()).toBe("Connected");
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // A customer writes in (demo inject); hostile text stays text.
  await page.fill("#f-fromPhone", "+44 7700 900123");
  await page.fill("#inject #f-name", "<b>Ana</b>");
  await page.fill("#f-text", "<script>alert(1)</script> Hello");
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);
  expect(await page.locator("#notice").innerText()).toContain("Message delivered");

  // The list shows it Connected, with its last activity.
  await page.goto(`${server.url}/channels`);
  const row = page.locator("tr", { hasText: "Sales line" });
  expect(await row.locator(".badge").innerText()).toBe("Connected");

  // Narrow access to Sales: Una (Support) no longer sees it at all.
  await page.goto(`${channelUrl}/edit`);
  await page.check("input[name=access][value=some]");
  await page.check("fieldset:has(legend:text-is('User groups')) label:has-text('Sales') input");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\?done=saved$/);
  expect(await page.locator(".channel-meta").innerText()).toContain("Sales");

  await signOut(page);
  await signIn(page, "una@example.com", "una password 1");
  await page.goto(`${server.url}/channels`);
  expect(await page.locator("body").innerText()).not.toContain("Sales line");
  expect((await page.goto(channelUrl))?.status()).toBe(404);
  await signOut(page);
  await signIn(page, ADMIN.email, ADMIN.password);

  // Logout signs the device out; Reconnect brings a new code; the demo phone scans again.
  await page.goto(channelUrl);
  await page.click("button:has-text('Logout')");
  await page.waitForURL(/\?done=logout$/);
  expect(await status(page)).toBe("disconnected");
  await page.click("button:has-text('Reconnect')");
  await page.waitForURL(/\?done=reconnect$/);
  expect(await status(page)).toBe("pending");
  await page.locator("img#qr").waitFor();

  // Delete, after confirming: the number leaves the list.
  await page.click("button:has-text('Delete')");
  await page.waitForURL(/\/channels\?done=deleted$/);
  expect(await page.locator("#notice").innerText()).toContain("past conversations stay readable");
  expect(await page.locator("table.channels").innerText()).not.toContain("Sales line");
  expect((await page.goto(channelUrl))?.status()).toBe(404);

  // No CSP violation, no stripped htmx attribute, no script error: only the refusals asked for above.
  expect(errors.filter((e) => !/status of (404|422) /.test(e))).toEqual([]);
}, 60_000);
