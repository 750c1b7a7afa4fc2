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
 * In the open conversation, live: a customer's reaction, her edited message (earlier text one click
 * away) and her deleted one (original one click away); the agent's own reaction and a quoted reply.
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

async function inject(
  page: Page,
  channelUrl: string,
  fields: { kind?: string; text?: string; emoji?: string },
) {
  await page.goto(channelUrl);
  await page.fill("#f-fromPhone", "+44 7700 900123");
  await page.fill("#inject #f-name", "Ann Lee");
  if (fields.kind) await page.selectOption("#f-kind", fields.kind);
  if (fields.text) await page.fill("#inject #f-text", fields.text);
  if (fields.emoji !== undefined) {
    await page.click("summary:has-text('Reactions, edits, deletes')");
    await page.fill("#f-emoji", fields.emoji);
  }
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);
}

test("a reaction, an edited and a deleted message show in the conversation as they happen", async () => {
  const phone = await browser.context.newPage();
  await signInPage(phone, server.url);
  const channelUrl = await pairDemoChannel(phone, server.url, {
    phone: "+1 (430) 202-8897",
    name: "Sales line",
  });
  await inject(phone, channelUrl, { text: "Is my bike ready on Friday?" });

  const agent = await browser.context.newPage();
  const errors = watchConsole(agent);
  await agent.goto(`${server.url}/inbox`);
  await agent.click(".conv-list a:has-text('Ann Lee')");
  await agent.waitForURL(/\/inbox\/c\/\d+/);
  const hers = agent.locator(".msg.in").first();
  await hers.locator(".msg-text", { hasText: "Is my bike ready on Friday?" }).waitFor();

  // She edits it: the new text with "edited", the earlier one behind it.
  await inject(phone, channelUrl, { kind: "edit", text: "Is my bike ready on Saturday?" });
  await hers.locator(".msg-text", { hasText: "Saturday" }).waitFor();
  await hers.locator("summary", { hasText: "edited" }).click();
  await hers.locator(".versions li", { hasText: "Is my bike ready on Friday?" }).waitFor();

  // She reacts to it, and the agent does too from the bubble's actions (hover shows them).
  await inject(phone, channelUrl, { kind: "reaction", emoji: "👍" });
  await hers.locator(".reaction", { hasText: "👍" }).waitFor();
  expect(await hers.locator(".reaction", { hasText: "👍" }).getAttribute("title")).toBe("Ann Lee");
  await hers.hover();
  await hers.locator("summary", { hasText: "React" }).click();
  await hers.locator("button[aria-label='React 🙏']").click();
  await hers.locator(".reaction", { hasText: "You" }).waitFor();

  // Reply quotes her message: the box says so, and our bubble carries the quote.
  await hers.hover();
  await hers.locator("a.msg-reply").click();
  await agent.locator("#reply .replying-to", { hasText: "Is my bike ready on Saturday?" }).waitFor();
  await agent.fill("#reply textarea", "Yes, from 10am.");
  await agent.click("#reply button:has-text('Send')");
  const ours = agent.locator(".msg.out", { hasText: "Yes, from 10am." });
  await ours.locator("blockquote.quote", { hasText: "Saturday" }).waitFor();
  expect(await agent.locator("#reply .replying-to").isHidden()).toBe(true);

  // She sends a message and deletes it for everyone: the bubble says so; the original is one click away.
  await inject(phone, channelUrl, { text: "oops, wrong chat" });
  const oops = agent.locator(".msg.in", { hasText: "oops, wrong chat" });
  await oops.waitFor();
  await inject(phone, channelUrl, { kind: "revoke" });
  const deleted = agent.locator(".msg.in", { hasText: "This message was deleted" });
  await deleted.waitFor();
  expect(await deleted.locator(".msg-original .msg-text").isVisible()).toBe(false);
  await deleted.locator("summary", { hasText: "Show original" }).click();
  await deleted.locator(".msg-original .msg-text", { hasText: "oops, wrong chat" }).waitFor();
  expect(errors).toEqual([]);
});
