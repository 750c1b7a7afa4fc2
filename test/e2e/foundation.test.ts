import { afterAll, beforeAll, expect, test } from "bun:test";
import { launchBrowser, startServer, watchConsole, type Server } from "../helpers/browser.ts";

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startServer({ demo: false });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("first-run set-up, then an admin creates a user and a group, and that user signs in", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Without the link from the server's log, set-up only says where to find it.
  await page.goto(server.url);
  await page.waitForURL(/\/setup$/);
  expect(await page.locator("form").count()).toBe(0);
  await page.goto(await server.setupLink());
  await page.fill("#f-name", "Ada Admin");
  await page.fill("#f-email", "ada@example.com");
  await page.fill("#f-password", "ada password 1");
  await page.fill("#f-confirm", "ada password 1");
  await page.click("button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/setup"));

  await page.goto(`${server.url}/settings/groups`);
  await page.fill("#f-name", "Sales");
  await page.click("text=Create group");
  expect(await page.locator("table input[name=name]").first().inputValue()).toBe("Sales");

  await page.goto(`${server.url}/settings/users/new`);
  await page.fill("#f-name", "Sam Agent");
  await page.fill("#f-email", "sam@example.com");
  await page.fill("#f-password", "sam password 1");
  await page.check("label:has-text('Sales') input");
  await page.click("button:has-text('Add user')");
  await page.waitForURL(/\/settings\/users\?saved=1$/);
  const row = page.locator("tr", { hasText: "sam@example.com" });
  expect(await row.innerText()).toContain("Agent");
  expect(await row.innerText()).toContain("Sales");

  await page.click("text=Sign out");
  await page.waitForURL(/\/login/);
  expect(await page.locator(".alert-ok").innerText()).toBe("You are signed out.");

  await page.fill("#f-email", "sam@example.com");
  await page.fill("#f-password", "sam password 1");
  await page.click("button:has-text('Sign in')");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${server.url}/settings`);
  expect(await page.locator("h1").innerText()).toBe("Your account");
  expect(await page.locator(".who").innerText()).toBe("Sam Agent");
  // An agent cannot reach user management.
  expect(errors).toEqual([]);
  const res = await page.goto(`${server.url}/settings/users`);
  expect(res?.status()).toBe(403);
});
