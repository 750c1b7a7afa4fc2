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
 * In the browser, demo mode: a customer's call and typing show live in the open conversation, and
 * the agent typing a reply makes the page tell the server (static/typing.js, under the strict CSP)
 * once the channel shows customers "typing…".
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

async function simulate(page: Page, channelUrl: string, what: string) {
  await page.goto(channelUrl);
  await page.fill("#f-sim-from", "+44 7700 900123");
  await page.selectOption("#f-sim-what", what);
  await page.click("#simulate-chat button:has-text('Simulate')");
  await page.waitForURL(/\?done=simulated$/);
}

test("a call and the customer's typing show live; the agent's typing reaches the server", async () => {
  const admin = await browser.context.newPage();
  await signInPage(admin, server.url);
  const channelUrl = await pairDemoChannel(admin, server.url, { phone: "+1 (430) 202-8897", name: "Sales" });

  // Typing shown to customers: ticked on the channel's settings form.
  await admin.goto(`${channelUrl}/edit`);
  await admin.check("input[name=typing]");
  await admin.click("button:has-text('Save')");
  await admin.waitForURL(/\?done=saved$/);

  // A first message, so there is a conversation to open.
  await admin.fill("#f-fromPhone", "+44 7700 900123");
  await admin.fill("#inject #f-name", "Ann Lee");
  await admin.fill("#inject #f-text", "Hello?");
  await admin.click("button:has-text('Deliver message')");
  await admin.waitForURL(/\?done=injected$/);

  const agent = await browser.context.newPage();
  const errors = watchConsole(agent);
  await agent.goto(`${server.url}/inbox`);
  await agent.click(".conv-list a:has-text('Ann Lee')");
  await agent.waitForURL(/\/inbox\/c\/\d+/);
  await agent.locator(".msg.in", { hasText: "Hello?" }).waitFor();

  await simulate(admin, channelUrl, "voice");
  await agent.locator(".msg.in.call", { hasText: "Missed voice call" }).waitFor({ timeout: 3_000 });

  await simulate(admin, channelUrl, "composing");
  await agent.locator(".typing.on", { hasText: "typing…" }).waitFor({ timeout: 3_000 });
  await simulate(admin, channelUrl, "paused");
  await agent.waitForFunction(() => document.querySelector(".typing")?.textContent === "", null, {
    timeout: 3_000,
  });

  const posted = agent.waitForResponse((r) => r.url().endsWith("/typing") && r.request().method() === "POST");
  await agent.type("#reply textarea", "On my way");
  const response = await posted;
  expect(response.status()).toBe(204);
  expect(response.request().postData() ?? "").toContain("composing");
  expect(errors).toEqual([]);
});
