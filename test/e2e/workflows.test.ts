import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { openDatabase } from "../../src/db/open.ts";
import { saveInvoice } from "../../src/records/invoices/store.ts";
import { insertRecord, replacePhones } from "../../src/records/store.ts";
import { ADMIN, launchBrowser, startServer, watchConsole, type Server } from "../helpers/browser.ts";

/**
 * Recipe 1 in demo mode, as an administrator builds it: a contact with an invoice, a workflow made
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

async function signIn(page: Page) {
  await page.goto(`${server.url}/login`);
  await page.fill("#f-email", ADMIN.email);
  await page.fill("#f-password", ADMIN.password);
  await page.click("button:has-text('Sign in')");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** The customer and their invoice, written into the running server's database. */
function seedCustomer(): void {
  const db = openDatabase(join(server.dataDir, "pairbox.db"));
  try {
    const id = insertRecord(db, "contact", {
      first_name: "Ann", last_name: "Lee", name: "", email: null, company: null, status: null, stage: null, amount_cents: null,
      account_id: null, contact_id: null, owner_user_id: null, group_jid: null, notes: "",
    }, Date.now());
    replacePhones(db, { id, type: "contact" }, [{ e164: CUSTOMER, original: "+44 7700 900123" }]);
    saveInvoice(db, { kind: "invoice", number: "INV-2041", record_id: id, issue_date: "2026-01-10", status: "sent", tax_percent: 20, notes: "", lines: [{ description: "Fitting", quantity: 1, unit_price_cents: 50_000 }] }, Date.now(), null);
  } finally {
    db.close();
  }
}

async function inject(page: Page, channelUrl: string, text: string) {
  await page.goto(channelUrl);
  await page.fill("#f-fromPhone", CUSTOMER);
  await page.fill("#inject #f-name", "Ann Lee");
  await page.fill("#f-text", text);
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);
}

test("an admin builds recipe 1 in the editor and the customer gets their invoice in the inbox", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signIn(page);

  // A demo number, paired.
  await page.goto(`${server.url}/channels/new`);
  await page.fill("#f-phone", "+1 (430) 202-8897");
  await page.fill("#f-name", "Sales line");
  await page.fill("#f-countryPrefix", "+1");
  await page.click("button:has-text('Add number and show QR')");
  await page.waitForURL(/\/channels\/\d+\?done=added$/);
  const channelUrl = page.url().replace(/\?.*$/, "");
  await page.click("button:has-text('Scan (demo)')");
  await page.waitForFunction(() => document.querySelector("#channel-state")?.getAttribute("data-status") === "connected", null, { timeout: 10_000 });

  seedCustomer();
  await inject(page, channelUrl, "Hello there");

  // The editor: name, pattern (the preview follows the typing), one Send WhatsApp step.
  await page.goto(`${server.url}/workflows`);
  await page.selectOption("#f-new-type", "contact");
  await page.click("button:has-text('New workflow')");
  await page.waitForURL(/\/workflows\/new/);
  await page.fill("#f-name", "Invoice reply");
  await page.locator("#pattern-panel li", { hasText: "Hello there" }).waitFor();
  expect(await page.locator("#pattern-panel li", { hasText: "Hello there" }).getAttribute("data-match")).toBe("yes");
  await page.locator("#f-pattern").pressSequentially("INVOICE");
  await page.waitForFunction(() => document.querySelector("#pattern-panel li")?.getAttribute("data-match") === "no", null, { timeout: 5_000 });

  await page.selectOption("#f-add-kind", "send_whatsapp");
  await page.click("button:has-text('Add step')");
  await page.locator("#s-0-text").waitFor();
  expect(await page.inputValue("#f-name")).toBe("Invoice reply"); // the form came back as typed
  await page.fill("#s-0-text", "Here is your invoice, {{ __data.record.first_name }}.");
  await page.selectOption("#s-0-attachment", "invoice");
  if (process.env.PAIRBOX_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.PAIRBOX_SCREENSHOT_DIR, "workflow-editor.png"), fullPage: true });
  await page.click("button:has-text('Save workflow')");
  await page.waitForURL(/\/workflows\/\d+\?saved=1$/);
  const workflowUrl = page.url().replace(/\?.*$/, "");

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
  if (process.env.PAIRBOX_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.PAIRBOX_SCREENSHOT_DIR, "workflow-run.png"), fullPage: true });
  expect(errors).toEqual([]);
}, 60_000);
