import { afterAll, beforeAll, expect, test } from "bun:test";
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
 * The recipes in demo mode, as an administrator builds them: a contact with an invoice, a workflow made
 * in the editor (pattern preview updating as it is typed), then the customer writes "invoice" and
 * the reply with the invoice PDF shows up in the inbox, and the run in the run log.
 */

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const CUSTOMER = "+447700900123";

beforeAll(async () => {
  server = await startServer({ demo: true, admin: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page: Page) => signInPage(page, server.url);

/** The customer and their invoice, entered through the records pages. */
async function createCustomerWithInvoice(page: Page): Promise<void> {
  await page.goto(`${server.url}/records/contacts/new`);
  await page.fill("#f-first_name", "Ann");
  await page.fill("#f-last_name", "Lee");
  await page.fill("#f-phones", "+44 7700 900123");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/contacts\/\d+\?saved=1$/);
  await page.click("a:has-text('New invoice')");
  await page.fill("#f-number", "INV-2041");
  await page.fill("input[name=line_description] >> nth=0", "Fitting");
  await page.fill("input[name=line_quantity] >> nth=0", "1");
  await page.fill("input[name=line_unit_price] >> nth=0", "500");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/contacts\/\d+(#invoices)?$/);
}

function pairChannel(page: Page, phone: string, name: string): Promise<string> {
  return pairDemoChannel(page, server.url, { phone, name, countryPrefix: "+1" });
}

async function newWorkflow(page: Page, type: string, name: string) {
  await page.goto(`${server.url}/workflows`);
  await page.selectOption("#f-new-type", type);
  await page.click("button:has-text('New workflow')");
  await page.waitForURL(/\/workflows\/new/);
  await page.fill("#f-name", name);
}

async function addStep(page: Page, kind: string, index: number) {
  await page.selectOption("#f-add-kind", kind);
  await page.click("button:has-text('Add step')");
  await page.locator(`input[name="s.${index}.kind"]`).waitFor({ state: "attached" });
}

async function save(page: Page): Promise<string> {
  await page.click("button:has-text('Save workflow')");
  await page.waitForURL(/\/workflows\/\d+\?saved=1$/);
  return page.url().replace(/\?.*$/, "");
}

async function inject(
  page: Page,
  channelUrl: string,
  text: string,
  from = CUSTOMER,
  file?: { name: string; mimeType: string; buffer: Buffer },
) {
  await page.goto(channelUrl);
  if (file) await page.setInputFiles("#f-file", file);
  await page.fill("#f-fromPhone", from);
  await page.fill("#inject #f-name", "Ann Lee");
  await page.fill("#f-text", text);
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);
}

test("an admin builds recipe 1 in the editor and the customer gets their invoice in the inbox", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signIn(page);

  const channelUrl = await pairChannel(page, "+1 (430) 202-8897", "Sales line");

  await createCustomerWithInvoice(page);
  await inject(page, channelUrl, "Hello there");

  // The editor: name, pattern (the preview follows the typing), one Send WhatsApp step.
  await newWorkflow(page, "contact", "Invoice reply");
  await page.locator("#pattern-panel li", { hasText: "Hello there" }).waitFor();
  expect(await page.locator("#pattern-panel li", { hasText: "Hello there" }).getAttribute("data-match")).toBe(
    "yes",
  );
  await page.locator("#f-pattern").pressSequentially("INVOICE");
  await page.waitForFunction(
    () => document.querySelector("#pattern-panel li")?.getAttribute("data-match") === "no",
    null,
    { timeout: 5_000 },
  );

  await addStep(page, "send_whatsapp", 0);
  expect(await page.inputValue("#f-name")).toBe("Invoice reply"); // the form came back as typed
  await page.fill("#s-0-text", "Here is your invoice, {{ __data.record.first_name }}.");
  await page.selectOption("#s-0-attachment", "invoice");
  if (process.env.PAIRBOX_SCREENSHOT_DIR)
    await page.screenshot({
      path: join(process.env.PAIRBOX_SCREENSHOT_DIR, "workflow-editor.png"),
      fullPage: true,
    });
  const workflowUrl = await save(page);

  // The customer asks; the reply with the PDF arrives in the inbox.
  await inject(page, channelUrl, "invoice");
  await page.goto(`${server.url}/inbox`);
  await page.click(".conv-list a:has-text('Ann')");
  const reply = page.locator(".msg.out", { hasText: "Here is your invoice, Ann." });
  await reply.waitFor({ timeout: 10_000 });
  expect(await reply.locator(".doc").innerText()).toContain("INV-2041");

  // The run log shows the run, done.
  await page.goto(`${workflowUrl}/runs`);
  const row = page.locator("table.wf-runs tbody tr").first();
  expect(await row.innerText()).toContain("invoice");
  expect(await row.locator(".badge").innerText()).toBe("done");
  await row.locator("a").first().click();
  await page.locator(".wf-run-steps li", { hasText: "sent message" }).waitFor();
  if (process.env.PAIRBOX_SCREENSHOT_DIR)
    await page.screenshot({
      path: join(process.env.PAIRBOX_SCREENSHOT_DIR, "workflow-run.png"),
      fullPage: true,
    });
  expect(errors).toEqual([]);
}, 60_000);

test("recipes 2 and 4 in the browser: a photo lands on the deal and its owner is notified; a cold send fails with the window message", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signIn(page);
  const channelUrl = await pairChannel(page, "+1 (430) 202-8898", "Service line");
  const customer = "+447700900777";
  // The deal, owned by the administrator, with the customer's number.
  await page.goto(`${server.url}/records/deals/new`);
  await page.fill("#f-name", "Kitchen refit");
  await page.selectOption("#f-stage", "proposal");
  await page.selectOption("#f-owner_user_id", { label: "Administrator" });
  await page.fill("#f-phones", customer);
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/deals\/\d+\?saved=1$/);
  const dealUrl = page.url().replace(/\?.*$/, "");

  // Changing the record type redraws the form (htmx), offering that type's fields to Update a field.
  await newWorkflow(page, "deal", "Scratch");
  await addStep(page, "update_field", 0);
  expect(await page.locator("#s-0-field option").allInnerTexts()).toContain("Stage");
  await page.selectOption("#f-record-type", "case");
  await page.locator("#s-0-field option", { hasText: "Status" }).waitFor({ state: "attached" });
  expect(await page.locator("#s-0-field option").allInnerTexts()).not.toContain("Stage");
  expect(await page.inputValue("#f-name")).toBe("Scratch");
  // A file chosen for a Send step is uploaded with the next redraw and stays attached.
  await addStep(page, "send_whatsapp", 1);
  await page.selectOption("#s-1-attachment", "file");
  await page.setInputFiles("#s-1-file", {
    name: "price-list.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4 price list"),
  });
  await addStep(page, "wait", 2);
  expect(await page.locator("#s-1-attachment").inputValue()).toBe("file");
  expect(await page.locator(".wf-step", { hasText: "Attached: price-list.pdf" }).count()).toBe(1);

  // Recipe 2: Condition (media only) → Save media → Notify the deal's owner.
  await newWorkflow(page, "deal", "File photos");
  await addStep(page, "condition", 0);
  await page.fill("#s-0-expression", "__data.incoming_whatsapp.message_type == 'media'");
  await addStep(page, "save_media", 1);
  await addStep(page, "notify", 2);
  expect(await page.locator("#s-2-target option:checked").innerText()).toBe("The deal's owner");
  await save(page);

  // Recipe 4: a send to a number that never wrote to this channel.
  await newWorkflow(page, "deal", "Cold follow-up");
  await addStep(page, "send_whatsapp", 0);
  await page.selectOption("#s-0-recipient", "phone");
  await page.fill("#s-0-recipient_phone", "+44 7700 900555");
  await page.fill("#s-0-text", "Are you still interested?");
  const coldUrl = await save(page);

  // A second tab stays open on the workflows list while the customer sends the photo.
  const watcher = await browser.context.newPage();
  const watcherErrors = watchConsole(watcher);
  await watcher.goto(`${server.url}/workflows`);
  expect(await watcher.locator(".bell .bell-count").count()).toBe(0);

  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  );
  await inject(page, channelUrl, "Photo of the damage", customer, {
    name: "damage.png",
    mimeType: "image/png",
    buffer: png,
  });

  // The open tab's bell counts the notification without a reload: it refreshes itself (here, each
  // time its window regains focus); opening it leads to the conversation.
  await watcher.waitForFunction(
    () => {
      window.dispatchEvent(new Event("focus"));
      return document.querySelector(".bell .bell-count")?.textContent === "1";
    },
    null,
    { timeout: 10_000, polling: 250 },
  );
  expect(await watcher.locator(".bell").getAttribute("aria-label")).toBe("Notifications: 1 unread");
  expect(watcherErrors).toEqual([]);
  await watcher.close();
  await page.goto(`${server.url}/workflows`);
  await page.click(".bell");
  await page.click("button.notification-title");
  await page.waitForURL(/\/inbox\/c\/\d+/);
  await page.locator(".msg.in", { hasText: "Photo of the damage" }).waitFor();
  // The photo is on the deal's page, previewed.
  await page.goto(dealUrl);
  expect(await page.locator("#attachments img.attachment-preview").count()).toBe(1);

  // The cold send failed, and its run says why.
  await page.goto(`${coldUrl}/runs`);
  const row = page.locator("table.wf-runs tbody tr").first();
  expect(await row.locator(".badge").innerText()).toBe("failed");
  expect(await row.innerText()).toContain("recipient has not messaged this channel in the last 24 hours");
  if (process.env.PAIRBOX_SCREENSHOT_DIR) {
    await page.goto(`${server.url}/workflows`);
    await page.screenshot({
      path: join(process.env.PAIRBOX_SCREENSHOT_DIR, "workflows-list.png"),
      fullPage: true,
    });
  }
  // On a phone the list and the run log stack their rows: the On/Off switch and the run's error stay in view.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/workflows`);
  const toggle = await page.locator("button[aria-label='Turn off Cold follow-up']").boundingBox();
  expect(toggle!.x + toggle!.width).toBeLessThanOrEqual(390);
  await page.goto(`${coldUrl}/runs`);
  const error = await page.locator("table.wf-runs tbody tr .error").first().boundingBox();
  expect(error!.x + error!.width).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
}, 60_000);
