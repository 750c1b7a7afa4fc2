import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
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
 * A working day in the inbox, in demo mode: pair a number, customers write in through the simulated
 * phone network (the channel page's inject form, in a second tab), and the agent reads and replies
 * in the inbox without ever reloading it.
 */

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startServer({ demo: true, admin: true, env: { PAIRBOX_MAX_UPLOAD_MB: "1" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page: Page) => signInPage(page, server.url);

/** Delivers a message to the channel through the demo inject form on the channel's page. */
async function inject(
  page: Page,
  channelUrl: string,
  m: { from: string; name: string; text: string; group?: { jid: string; subject: string } },
) {
  await page.goto(channelUrl);
  await page.fill("#f-fromPhone", m.from);
  await page.fill("#inject #f-name", m.name);
  await page.fill("#inject #f-text", m.text);
  if (m.group) {
    await page.locator("details.inject-group summary").click();
    await page.fill("#f-groupJid", m.group.jid);
    await page.fill("#f-groupSubject", m.group.subject);
    await page.fill("#f-participantPhone", m.from);
  }
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);
}

const stay = (page: Page) => page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
const stayed = (page: Page) =>
  page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);

test("messages arrive live, the agent replies with text and a PDF, receipts tick to read, groups reply to the group, search finds old messages", async () => {
  const admin = await browser.context.newPage();
  await signIn(admin);

  // Pair a number in demo mode.
  const channelUrl = await pairDemoChannel(admin, server.url, {
    phone: "+1 (430) 202-8897",
    name: "Sales line",
    countryPrefix: "+1",
  });

  // An old message, to be found by search later.
  await inject(admin, channelUrl, {
    from: "+44 7700 900123",
    name: "Ann Lee",
    text: "My tracking number is ZX81 please check",
  });

  // The agent opens the inbox and Ann's conversation.
  const agent = await browser.context.newPage();
  const errors = watchConsole(agent);
  await agent.goto(`${server.url}/inbox`);
  await agent.click(".conv-list a:has-text('Ann Lee')");
  await agent.waitForURL(/\/inbox\/c\/\d+/);
  await agent.locator(".msg.in", { hasText: "ZX81" }).waitFor();
  await stay(agent);

  // A new message arrives while the conversation is open: it shows without a reload.
  await inject(admin, channelUrl, {
    from: "+44 7700 900123",
    name: "Ann Lee",
    text: "Any news on my parcel?",
  });
  await agent.locator(".msg.in", { hasText: "Any news on my parcel?" }).waitFor({ timeout: 3_000 });
  expect(await agent.locator(".msg.in", { hasText: "Any news on my parcel?" }).count()).toBe(1);

  // The agent replies; the message shows at once, then its receipts tick through to read.
  await agent.fill("#reply textarea", "It ships today");
  await agent.click("#reply button:has-text('Send')");
  const reply = agent.locator(".msg.out", { hasText: "It ships today" });
  await reply.waitFor();
  await agent.waitForFunction(
    () =>
      [...document.querySelectorAll(".msg.out")].some(
        (el) => el.textContent?.includes("It ships today") && el.getAttribute("data-status") === "read",
      ),
    null,
    { timeout: 8_000 },
  );
  expect(await reply.count()).toBe(1);
  expect(await reply.locator(".tick").innerText()).toContain("Read");
  expect(await agent.locator("#reply textarea").inputValue()).toBe("");

  // A file over the cap is refused as soon as it is picked, before any upload; the text stays.
  await agent.fill("#reply textarea", "Photos attached");
  await agent.setInputFiles("#reply input[type=file]", {
    name: "huge.png",
    mimeType: "image/png",
    buffer: Buffer.alloc(1_200_000),
  });
  expect(await agent.locator("#reply .file-error").innerText()).toBe(
    "huge.png is larger than the 1 MB limit.",
  );
  expect(await agent.locator("#reply input[type=file]").inputValue()).toBe("");
  expect(await agent.locator("#reply textarea").inputValue()).toBe("Photos attached");

  // And sends a PDF.
  await agent.setInputFiles("#reply input[type=file]", {
    name: "Quote 12.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% a quote\n"),
  });
  await agent.fill("#reply textarea", "Here is your quote");
  await agent.click("#reply button:has-text('Send')");
  const pdf = agent.locator(".msg.out", { hasText: "Quote 12.pdf" });
  await pdf.waitFor();
  await agent.waitForFunction(
    () =>
      [...document.querySelectorAll(".msg.out")].some(
        (el) => el.textContent?.includes("Quote 12.pdf") && el.getAttribute("data-status") === "read",
      ),
    null,
    { timeout: 8_000 },
  );
  expect(await pdf.locator(".msg-text").innerText()).toBe("Here is your quote");
  const download = await agent.request.get(`${server.url}${await pdf.locator("a.doc").getAttribute("href")}`);
  expect(await download.text()).toStartWith("%PDF-1.4");

  // A group writes in: it appears in the list live; its header shows who takes part.
  await inject(admin, channelUrl, {
    from: "+44 7700 900555",
    name: "Bob Builder",
    text: "Crew meeting at 8?",
    group: { jid: "120363041234567890", subject: "Site crew" },
  });
  const groupRow = agent.locator(".conv-list li", { hasText: "Site crew" });
  await groupRow.waitFor({ timeout: 3_000 });
  expect(await stayed(agent)).toBe(true);
  await groupRow.locator("a").click();
  await agent.waitForURL(/\/inbox\/c\/\d+/);
  const groupId = Number(/\/inbox\/c\/(\d+)/.exec(agent.url())![1]);
  expect(await agent.locator(".conv-header").innerText()).toContain("1 participant has written");
  await agent.locator("details.participants summary").click();
  expect(await agent.locator("details.participants").innerText()).toContain("Bob Builder +447700900555");
  expect(await agent.locator(".msg.in .msg-sender").innerText()).toBe("Bob Builder +447700900555");
  await agent.fill("#reply textarea", "Yes, 8 sharp");
  await agent.click("#reply button:has-text('Send')");
  await agent.waitForFunction(
    () =>
      [...document.querySelectorAll(".msg.out")].some(
        (el) => el.textContent?.includes("Yes, 8 sharp") && el.getAttribute("data-status") === "read",
      ),
    null,
    { timeout: 8_000 },
  );
  if (process.env.PAIRBOX_SCREENSHOT) await agent.screenshot({ path: process.env.PAIRBOX_SCREENSHOT });
  // The reply belongs to the group chat (the outbox addresses a group conversation's JID, never a member).
  const db = new Database(join(server.dataDir, "pairbox.db"), { readonly: true });
  const row = db
    .query<{ chat_jid: string; wa_id: string | null }, []>(
      "SELECT c.chat_jid, m.wa_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.text = 'Yes, 8 sharp'",
    )
    .get();
  db.close();
  expect(row?.chat_jid).toBe("120363041234567890@g.us");
  expect(row?.wa_id).not.toBeNull();
  expect(groupId).toBeGreaterThan(0);

  // Search finds the old message and opens its conversation.
  await agent.fill("input[name=q]", "zx81");
  await agent.press("input[name=q]", "Enter");
  await agent.waitForURL(/\/inbox\?q=zx81/);
  await agent.locator(".search-results a", { hasText: "ZX81" }).click();
  await agent.waitForURL(/\/inbox\/c\/\d+\?at=\d+#msg-\d+/);
  await agent.locator(".msg.in.hit", { hasText: "ZX81" }).waitFor();

  // A template picked in the reply box is filled in for this customer.
  await admin.goto(`${server.url}/templates/new`);
  await admin.fill("#f-name", "Thanks");
  await admin.fill("#f-body", "Thanks {{ contact.first_name }}, {{ user.name }} here.");
  await admin.click("button:has-text('Save')");
  await admin.waitForURL(/\/templates$/);
  await agent.goto(`${server.url}/inbox`);
  await agent.click(".conv-list a:has-text('Ann Lee')");
  await agent.selectOption("#reply select[name=template]", { label: "Thanks" });
  await agent.waitForFunction(
    () =>
      (document.querySelector("#reply textarea") as HTMLTextAreaElement | null)?.value ===
      "Thanks Ann, Administrator here.",
  );
  // One that fails to fill in (over the renderer's memory limit) shows its error beside the picker;
  // the box keeps what was typed, so the error can never be sent to the customer.
  await admin.goto(`${server.url}/templates/new`);
  await admin.fill("#f-name", "Too big");
  await admin.fill(
    "#f-body",
    '{% assign a = "xxxxxxxxxx" %}{% for i in (1..20) %}{% assign a = a | append: a %}{% endfor %}{{ a }}',
  );
  await admin.click("button:has-text('Save')");
  await admin.waitForURL(/\/templates$/);
  await agent.reload();
  await agent.fill("#reply textarea", "My own words");
  await agent.selectOption("#reply select[name=template]", { label: "Too big" });
  await agent
    .locator("#reply-template-error", { hasText: "Template error: memory alloc limit exceeded" })
    .waitFor();
  expect(await agent.locator("#reply textarea").inputValue()).toBe("My own words");
  await agent.selectOption("#reply select[name=template]", { label: "Thanks" });
  await agent.waitForFunction(
    () =>
      (document.querySelector("#reply textarea") as HTMLTextAreaElement | null)?.value ===
        "Thanks Ann, Administrator here." &&
      document.querySelector("#reply-template-error")?.textContent === "",
  );

  // A new message to a national number: the channel is chosen, the prefix added, the template resolved.
  await agent.click("text=New message");
  await agent.waitForURL(/\/inbox\/compose$/);
  expect(await agent.locator("#f-channel").inputValue()).not.toBe("");
  await agent.fill("#f-to", "(430) 555-0199");
  await agent.selectOption("#f-template", { label: "Thanks" });
  await agent.waitForFunction(() =>
    (document.querySelector("#f-text") as HTMLTextAreaElement | null)?.value.startsWith(
      "Thanks , Administrator",
    ),
  );
  await agent.fill("#f-text", "Hello from the shop");
  await agent.click("button:has-text('Send')");
  await agent.waitForURL(/\/inbox\/c\/\d+$/);
  expect(await agent.locator(".conv-header").innerText()).toContain("+14305550199");
  await agent.locator(".msg.out", { hasText: "Hello from the shop" }).waitFor();

  // The channel is signed out; a reply fails at once: its bubble shows the reason and a Retry, never
  // stays "Sending" (the send's own answer must not overwrite the failure the live stream already showed).
  admin.on("dialog", (d) => d.accept());
  await admin.goto(channelUrl);
  await admin.click("button[data-action=logout]");
  await agent
    .locator(".conv-header .badge, .conv-header", { hasText: "Disconnected" })
    .first()
    .waitFor({ timeout: 3_000 });
  await agent.fill("#reply textarea", "Are you still there?");
  // Hold the send's own answer until the live stream has shown the failure: the answer arrives last.
  await agent.route("**/send", async (route) => {
    const response = await route.fetch();
    await agent.waitForFunction(
      () =>
        [...document.querySelectorAll(".msg.out")].some(
          (el) =>
            el.textContent?.includes("Are you still there?") && el.getAttribute("data-status") === "failed",
        ),
      null,
      { timeout: 3_000 },
    );
    await route.fulfill({ response });
  });
  await agent.click("#reply button:has-text('Send')");
  await agent.waitForFunction(
    () => (document.querySelector("#reply textarea") as HTMLTextAreaElement | null)?.value === "",
  );
  await agent.unroute("**/send");
  const failed = agent.locator(".msg.out", { hasText: "Are you still there?" });
  expect(await failed.getAttribute("data-status")).toBe("failed");
  expect(await failed.innerText()).toContain("not connected");
  expect(await failed.locator("button:has-text('Retry')").count()).toBe(1);
  expect(await failed.locator("time").innerText()).not.toMatch(/^\d{4}-\d{2}-\d{2} /);

  expect(errors).toEqual([]);
}, 90_000);

test("after the server restarts, an open inbox catches up on what it missed, without a reload", async () => {
  const agent = await browser.context.newPage();
  await agent.goto(`${server.url}/inbox`);
  await agent.click(".conv-list a:has-text('Ann Lee')");
  await agent.waitForURL(/\/inbox\/c\/\d+/);
  const conversationId = Number(/\/inbox\/c\/(\d+)/.exec(agent.url())![1]);
  await stay(agent);
  await agent.locator("#reply textarea").fill("a draft in progress");
  // A message is stored while nobody is told (as when it lands during the restart).
  const db = new Database(join(server.dataDir, "pairbox.db"));
  const { channel_id } = db
    .query<{ channel_id: number }, [number]>("SELECT channel_id FROM conversations WHERE id = ?")
    .get(conversationId)!;
  const at = Date.now();
  const id = Number(
    db
      .query(
        "INSERT INTO messages (conversation_id, channel_id, direction, sender_name, type, text, status, wa_id, wa_timestamp, created_at) VALUES (?, ?, 'inbound', 'Ann Lee', 'text', 'Sent while you were away', 'received', 'WA-AWAY-1', ?, ?)",
      )
      .run(conversationId, channel_id, at, at).lastInsertRowid,
  );
  db.query(
    "UPDATE conversations SET last_message_id = ?, last_message_at = ?, inbound_count = inbound_count + 1 WHERE id = ?",
  ).run(id, at, conversationId);
  db.close();
  await server.restart();
  await agent.locator(".msg.in", { hasText: "Sent while you were away" }).waitFor({ timeout: 10_000 });
  await agent.locator(".conv-list li", { hasText: "Sent while you were away" }).waitFor({ timeout: 10_000 });
  expect(await stayed(agent)).toBe(true);
  expect(await agent.locator("#reply textarea").inputValue()).toBe("a draft in progress");
  // The draft survives a reload (or a sign-in round trip) until it is sent.
  await agent.reload();
  expect(await agent.locator("#reply textarea").inputValue()).toBe("a draft in progress");
  await agent.click("#reply button:has-text('Send')");
  await agent.locator(".msg.out", { hasText: "a draft in progress" }).waitFor();
  await agent.reload();
  expect(await agent.locator("#reply textarea").inputValue()).toBe("");
  await agent.close();
}, 30_000);
