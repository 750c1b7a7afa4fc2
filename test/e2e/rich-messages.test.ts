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

/** An agent watches a customer's poll fill up live, and reads a contact card with every number on it. */

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

const inject = (page: Page, channelUrl: string, content: string, text: string) =>
  injectDemoMessage(page, channelUrl, { content, text });

test("a poll's tally grows live with its voters; a contact card shows each number with its button", async () => {
  const phone = await browser.context.newPage();
  await signInPage(phone, server.url);
  const channelUrl = await pairDemoChannel(phone, server.url, {
    phone: "+1 (430) 202-8897",
    name: "Sales line",
  });
  await inject(phone, channelUrl, "poll", "Which day suits you?\nMonday\nWednesday");

  const agent = await browser.context.newPage();
  const errors = watchConsole(agent);
  await agent.goto(`${server.url}/inbox`);
  await agent.click(".conv-list a:has-text('Ann Lee')");
  await agent.waitForURL(/\/inbox\/c\/\d+/);
  const wednesday = agent.locator(".poll-option", { hasText: "Wednesday" });
  await wednesday.waitFor();
  expect(await wednesday.locator(".poll-count").textContent()).toBe("0");

  // Ann votes on her phone: the agent's open conversation shows it without a reload.
  await inject(phone, channelUrl, "vote", "Wednesday");
  await agent.locator(".poll-option[data-votes='1']", { hasText: "Wednesday" }).waitFor({ timeout: 10_000 });
  expect(await wednesday.locator(".poll-voters").textContent()).toBe("Ann Lee");
  expect(await agent.locator(".poll-kind").textContent()).toContain("1 vote");

  await inject(phone, channelUrl, "contact", "Bob Stone\n+44 7700 900456\n+1 415 555 0199");
  const card = agent.locator(".contact-card", { hasText: "Bob Stone" });
  await card.waitFor({ timeout: 10_000 });
  expect(await card.locator(".contact-phone").allTextContents()).toEqual(["+447700900456", "+14155550199"]);
  // Nobody has these numbers yet: each offers to create the contact, prefilled.
  await card.locator("a", { hasText: "Create contact" }).first().click();
  await agent.waitForURL(/\/records\/contacts\/new\?/);
  expect(await agent.inputValue("input[name='first_name']")).toBe("Bob");
  expect(errors).toEqual([]);
});
