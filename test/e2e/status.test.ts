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

/** Agent A resolves a conversation, the customer writes again, and A's Open list shows it again, live. */

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

const inject = (page: Page, channelUrl: string, text: string) =>
  injectDemoMessage(page, channelUrl, { text });

test("a resolved conversation comes back to the Open list when the customer writes again", async () => {
  const phone = await browser.context.newPage();
  await signInPage(phone, server.url);
  const channelUrl = await pairDemoChannel(phone, server.url, {
    phone: "+1 (430) 202-8897",
    name: "Sales line",
  });
  await inject(phone, channelUrl, "Where is my order?");

  const agent = await browser.context.newPage();
  const errors = watchConsole(agent);
  await agent.goto(`${server.url}/inbox`);
  await agent.click(".conv-list a:has-text('Ann Lee')");
  await agent.waitForURL(/\/inbox\/c\/\d+/);
  await agent.locator(".status-badge", { hasText: "Open" }).waitFor();

  // Typing "e" in the reply box is text, not a shortcut.
  await agent.fill("#reply textarea", "");
  await agent.type("#reply textarea", "e");
  expect(await agent.locator(".status-badge").textContent()).toBe("Open");

  // One key resolves it: it leaves the Open list, and the timeline says who did it.
  await agent.locator("#reply textarea").blur();
  await agent.keyboard.press("e");
  await agent.locator(".status-badge", { hasText: "Resolved" }).waitFor();
  await agent.locator(".status-line", { hasText: "resolved" }).waitFor();
  expect(await agent.locator(".conv-list a:has-text('Ann Lee')").count()).toBe(0);
  await agent.locator("#status-tabs a", { hasText: "Resolved (1)" }).waitFor();

  // The customer writes again: A's list shows the conversation, open, without a reload.
  await inject(phone, channelUrl, "Any news?");
  await agent.locator(".conv-list a:has-text('Ann Lee')").waitFor({ timeout: 10_000 });
  await agent.locator(".status-badge", { hasText: "Open" }).waitFor();
  await agent.locator(".status-line", { hasText: "Reopened by a customer message" }).waitFor();
  expect(errors).toEqual([]);
});
