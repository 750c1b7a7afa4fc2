import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
import { seriousViolations } from "../helpers/axe.ts";

/**
 * The inbox's craft, in a browser: day separators in the reader's time zone, grouped bubbles, the
 * phone layout (two screens, bottom bar, one-line header), the reply box's attachment chip and the
 * invoice editor's running totals. The reader sits in UTC+14, so local days differ from the server's.
 */

const ZONE = "Pacific/Kiritimati";
const ZONE_OFFSET = 14 * 3600_000;
const DAY = 86_400_000;

let server: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let conversationUrl = "";
let channelUrl = "";

// A 2×2 red PNG: small enough for the 1 MB cap, a real image for the thumbnail.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  "base64",
);

const inject = (page: Page, text: string) => injectDemoMessage(page, channelUrl, { text });

beforeAll(async () => {
  server = await startServer({ demo: true, admin: true, env: { PAIRBOX_MAX_UPLOAD_MB: "1" } });
  browser = await launchBrowser({ timezoneId: ZONE });
  const page = await browser.context.newPage();
  await signInPage(page, server.url);
  channelUrl = await pairDemoChannel(page, server.url, {
    phone: "+1 (430) 202-8897",
    name: "Sales line",
    countryPrefix: "+1",
  });
  for (const text of ["An old question", "Late last night", "Hello again", "Is my order ready?"])
    await inject(page, text);

  // Back-date the first two, as if they had come in ten days ago and at 23:30 yesterday, the reader's time.
  const now = Date.now();
  const localMidnight = Math.floor((now + ZONE_OFFSET) / DAY) * DAY - ZONE_OFFSET;
  const db = new Database(join(server.dataDir, "pairbox.db"));
  const setAt = db.query("UPDATE messages SET wa_timestamp = ? WHERE text = ?");
  setAt.run(now - 10 * DAY, "An old question");
  setAt.run(localMidnight - 30 * 60_000, "Late last night");
  setAt.run(now - 2 * 60_000, "Hello again");
  setAt.run(now - 60_000, "Is my order ready?");
  db.close();

  await page.goto(`${server.url}/inbox`);
  await page.click(".conv-list a:has-text('Ann Lee')");
  await page.waitForURL(/\/inbox\/c\/\d+/);
  conversationUrl = page.url();
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("a conversation has day separators in the reader's time zone, grouped bubbles and times of day", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await page.goto(conversationUrl);
  const labels = await page.locator(".messages .day-sep").allTextContents();
  const tenDaysAgo = await page.evaluate(
    (d) => new Date(Date.now() - d).toLocaleDateString(undefined, { dateStyle: "medium" }),
    10 * DAY,
  );
  expect(labels).toEqual([tenDaysAgo, "Yesterday", "Today"]);

  // "Hello again" and "Is my order ready?" are one sender a minute apart: one group.
  const grouped = await page
    .locator(".msg")
    .evaluateAll((els) =>
      els.map((el) => [el.querySelector(".msg-text")?.textContent, el.classList.contains("cont")]),
    );
  expect(grouped).toEqual([
    ["An old question", false],
    ["Late last night", false],
    ["Hello again", false],
    ["Is my order ready?", true],
  ]);

  // A bubble shows the time of day only; the full date is its tooltip.
  const late = page.locator(".msg", { hasText: "Late last night" }).locator("time");
  expect(await late.textContent()).toMatch(/^(11:30\s?PM|23:30)$/);
  expect(await late.getAttribute("title")).toMatch(/\d{4}/);

  // The list and the header carry initials.
  expect(await page.locator(".conv-list .conv .avatar").first().textContent()).toBe("AL");
  expect(await page.locator(".conv-header .avatar").textContent()).toBe("AL");

  // A reply arrives live under Today, grouped with nothing (it is ours).
  await page.fill("#reply textarea", "Yes, it ships today");
  await page.click("#reply button:has-text('Send')");
  await page.locator(".msg.out", { hasText: "Yes, it ships today" }).waitFor();
  expect(await page.locator(".messages .day-sep").allTextContents()).toEqual([
    tenDaysAgo,
    "Yesterday",
    "Today",
  ]);

  // Ann writes again while the conversation is open: her bubble arrives live, after ours, so it starts
  // a group of its own, and the day keeps its one separator.
  const phone = await browser.context.newPage();
  await inject(phone, "Thanks!");
  await phone.close();
  const thanks = page.locator(".msg.in", { hasText: "Thanks!" });
  await thanks.waitFor();
  expect(await thanks.evaluate((el) => el.classList.contains("cont"))).toBe(false);
  expect(await page.locator(".messages .day-sep").count()).toBe(3);
  expect(errors).toEqual([]);
  await page.close();
});

test("on a phone the list and the conversation are two screens, with a bottom bar and a one-line header", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/inbox`);
  const bar = page.locator("nav.bottombar");
  expect(await bar.isVisible()).toBe(true);
  expect(await bar.locator(":scope > a, summary").allTextContents()).toEqual([
    "Inbox",
    "Records",
    "Workflows",
    "More",
  ]);
  expect(await page.locator(".topbar .mainnav").isVisible()).toBe(false);
  expect(await page.locator(".inbox-list").isVisible()).toBe(true);
  expect(await page.locator(".inbox-pane").isVisible()).toBe(false);
  // The top bar is one row.
  expect((await page.locator(".topbar").boundingBox())!.height).toBeLessThan(60);

  await page.click(".conv-list a:has-text('Ann Lee')");
  await page.waitForURL(/\/inbox\/c\/\d+/);
  expect(await page.locator(".inbox-list").isVisible()).toBe(false);
  expect(await page.locator(".msg", { hasText: "Is my order ready?" }).isVisible()).toBe(true);
  const header = (await page.locator(".conv-header").boundingBox())!;
  expect(header.height).toBeLessThanOrEqual(64);
  const menuButton = page.locator(".conv-menu > summary");
  const back = (await page.locator(".conv-title .back").boundingBox())!;
  const menu = (await menuButton.boundingBox())!;
  expect(Math.abs(back.y + back.height / 2 - (menu.y + menu.height / 2))).toBeLessThan(12);

  // Status, records and assignment wait behind the one menu.
  const assign = page.locator(".conv-header form.assign");
  expect(await assign.isVisible()).toBe(false);
  await menuButton.click();
  expect(await assign.isVisible()).toBe(true);
  expect(await page.locator(".conv-header .conv-records button:has-text('Create contact')").isVisible()).toBe(
    true,
  );

  // More holds the rest of the navigation.
  await page.click("nav.bottombar summary:has-text('More')");
  expect(await page.locator(".bottombar-menu a:has-text('Channels')").isVisible()).toBe(true);

  await page.click(".conv-title .back");
  await page.waitForURL((u) => u.pathname === "/inbox");
  expect(await page.locator(".inbox-list").isVisible()).toBe(true);
  await page.close();

  // On a laptop the header's controls show without a menu button, and there is no bottom bar.
  const wide = await browser.context.newPage();
  await wide.setViewportSize({ width: 1280, height: 800 });
  await wide.goto(conversationUrl);
  expect(await wide.locator(".conv-header form.assign").isVisible()).toBe(true);
  expect(await wide.locator(".conv-menu > summary").isVisible()).toBe(false);
  expect(await wide.locator("nav.bottombar").isVisible()).toBe(false);
  await wide.close();
});

test("the reply box previews an attachment (chosen, pasted or dropped), refuses one over the cap, and sends it", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await page.goto(conversationUrl);
  const chip = page.locator("#reply .attach-chip");
  expect(await page.locator("#reply .file-pick").textContent()).toContain("Attach");
  expect(await chip.isVisible()).toBe(false);

  await page.setInputFiles("#reply input[type=file]", {
    name: "photo.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  await chip.waitFor();
  expect(await chip.locator(".attach-name").textContent()).toBe("photo.png");
  expect(await chip.locator(".attach-size").textContent()).toBe(`${PNG.length} B`);
  expect(
    await chip
      .locator("img.attach-thumb")
      .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
  ).toBe(2);
  await chip.locator("button:has-text('Remove')").click();
  expect(await chip.isVisible()).toBe(false);
  expect(
    await page.locator("#reply input[type=file]").evaluate((i: HTMLInputElement) => i.files?.length),
  ).toBe(0);

  // An image pasted into the text box.
  await page.locator("#reply textarea").evaluate(
    (box, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], "pasted.png", { type: "image/png" }));
      box.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    [...PNG],
  );
  await chip.locator(".attach-name", { hasText: "pasted.png" }).waitFor();

  // A file over the 1 MB cap dropped on the box: refused at once, before any upload.
  await page.locator("#reply").evaluate((form) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(1_200_000)], "huge.pdf", { type: "application/pdf" }));
    form.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.locator("#reply .file-error", { hasText: "huge.pdf is larger than the 1 MB limit." }).waitFor();
  expect(await chip.isVisible()).toBe(false);

  // Dropped again within the cap, and sent: the image arrives in the conversation.
  await page.locator("#reply").evaluate(
    (form, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], "dropped.png", { type: "image/png" }));
      form.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [...PNG],
  );
  await chip.locator(".attach-name", { hasText: "dropped.png" }).waitFor();
  await page.click("#reply button:has-text('Send')");
  await page.locator(".msg.out img[alt='dropped.png']").waitFor();
  expect(await page.locator("#reply .attach-chip").isVisible()).toBe(false);
  expect(errors).toEqual([]);
  await page.close();
});

test("the invoice editor grows and shrinks its lines and keeps running totals in the company's currency", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.url}/settings/company`);
  await page.selectOption("#f-currency", "EUR");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/saved=1/);
  await page.goto(`${server.url}/records/contacts/new`);
  await page.fill("#f-first_name", "Ann");
  await page.fill("#f-last_name", "Lee");
  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/contacts\/\d+/);
  await page.click("text=New invoice");

  expect(await page.locator("tr.invoice-line").count()).toBe(1);
  const total = page.locator(".total-total");
  await page.fill("[aria-label='Line 1 description']", "Widgets");
  await page.fill("[aria-label='Line 1 quantity']", "3");
  await page.fill("[aria-label='Line 1 unit price']", "12.50");
  expect(await page.locator("tr.invoice-line .line-amount").first().textContent()).toBe("EUR 37.50");
  await page.click("button:has-text('Add line')");
  expect(await page.locator("tr.invoice-line").count()).toBe(2);
  await page.fill("[aria-label='Line 2 description']", "Delivery");
  await page.fill("[aria-label='Line 2 unit price']", "9.99");
  await page.fill("#f-tax_percent", "20");
  expect(await page.locator(".total-subtotal").textContent()).toBe("EUR 47.49");
  expect(await page.locator(".total-tax").textContent()).toBe("EUR 9.50");
  expect(await total.textContent()).toBe("EUR 56.99");

  await page.click("button:has-text('Add line')");
  await page.fill("[aria-label='Line 3 description']", "Mistake");
  await page.fill("[aria-label='Line 3 unit price']", "1000");
  expect(await total.textContent()).toBe("EUR 1,256.99");
  await page.click("[aria-label='Remove line 3']");
  expect(await total.textContent()).toBe("EUR 56.99");

  await page.click("button:has-text('Save')");
  await page.waitForURL(/\/records\/contacts\/\d+/);
  const db = new Database(join(server.dataDir, "pairbox.db"), { readonly: true });
  expect(db.query("SELECT total_cents FROM invoices").get()).toEqual({ total_cents: 5699 });
  db.close();
  expect(errors).toEqual([]);
  await page.close();
});

/** Selects whose chosen option's text is wider than the room inside them (its label would be cut off). */
function clippedSelects(page: Page): Promise<string[]> {
  return page.locator("select").evaluateAll((selects) => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    return (selects as HTMLSelectElement[])
      .filter((s) => s.offsetParent !== null && s.selectedOptions[0])
      .filter((s) => {
        const css = getComputedStyle(s);
        ctx.font = `${css.fontWeight} ${css.fontSize} ${css.fontFamily}`;
        const text = ctx.measureText(s.selectedOptions[0]!.text).width;
        // The padding on both sides and the drop-down arrow (about 20 px) take room too.
        const room =
          s.clientWidth - Number.parseFloat(css.paddingLeft) - Number.parseFloat(css.paddingRight) - 20;
        return text > room;
      })
      .map((s) => `${s.id || s.name}: ${s.selectedOptions[0]!.text}`);
  });
}

test("screenshots of the main pages at 1280 and 390 px, light and dark, each showing its content and passing the accessibility check; selects fit their labels", async () => {
  const outDirs = [join(server.dataDir, "screenshots")];
  if (process.env.PAIRBOX_SCREENSHOTS) outDirs.push(process.env.PAIRBOX_SCREENSHOTS);
  for (const dir of outDirs) mkdirSync(dir, { recursive: true });

  const setup = await browser.context.newPage();
  await setup.goto(`${server.url}/records/contacts`);
  await setup.click(".records-list a:has-text('Ann Lee'), table a:has-text('Ann Lee')");
  await setup.waitForURL(/\/records\/contacts\/\d+$/);
  const recordUrl = setup.url();
  await setup.goto(`${server.url}/workflows/new?type=contact`);
  await setup.selectOption("#f-add-kind", "send_whatsapp");
  await setup.click("button:has-text('Add step')");
  await setup.locator('input[name="s.0.kind"]').waitFor({ state: "attached" });
  await setup.close();
  const db = new Database(join(server.dataDir, "pairbox.db"), { readonly: true });
  const invoice = db.query<{ id: number }, []>("SELECT id FROM invoices ORDER BY id LIMIT 1").get()!;
  db.close();

  const pages: { name: string; url: string; shows: string }[] = [
    { name: "inbox", url: `${server.url}/inbox`, shows: ".conv-list .conv .avatar" },
    { name: "conversation", url: conversationUrl, shows: ".messages .day-sep" },
    { name: "record", url: recordUrl, shows: "h1:has-text('Ann Lee')" },
    {
      name: "invoice",
      url: `${server.url}/records/invoices/${invoice.id}/edit`,
      shows: ".total-total:has-text('EUR 56.99')",
    },
    { name: "workflow", url: `${server.url}/workflows/new?type=contact`, shows: "#f-add-kind" },
    { name: "channel", url: channelUrl, shows: "#channel-state[data-status='connected']" },
  ];
  for (const width of [1280, 390]) {
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.emulateMedia({ colorScheme });
      for (const p of pages) {
        await page.goto(p.url);
        if (p.name === "workflow") {
          await page.selectOption("#f-add-kind", "send_whatsapp");
          await page.click("button:has-text('Add step')");
          await page.locator('input[name="s.0.kind"]').waitFor({ state: "attached" });
        }
        const shown = page.locator(p.shows).first();
        await shown.waitFor({ state: "visible" });
        expect(await shown.isVisible()).toBe(true);
        // Dark mode really is dark: the page's background is dark, its text light (and the reverse).
        const [bg, fg] = await page.evaluate(() => {
          const lum = (c: string) => {
            const [r, g, b] = (c.match(/\d+(\.\d+)?/g) ?? []).map(Number) as [number, number, number];
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const root = getComputedStyle(document.documentElement);
          return [lum(root.backgroundColor), lum(getComputedStyle(document.body).color)];
        });
        if (colorScheme === "dark") expect(bg).toBeLessThan(fg);
        else expect(bg).toBeGreaterThan(fg);
        expect({ page: p.name, width, clipped: await clippedSelects(page) }).toEqual({
          page: p.name,
          width,
          clipped: [],
        });
        // The accessibility check holds on each page at each width and in each mode, as screenshotted.
        expect({ page: p.name, width, colorScheme, violations: await seriousViolations(page) }).toEqual({
          page: p.name,
          width,
          colorScheme,
          violations: [],
        });
        const shot = await page.screenshot();
        for (const dir of outDirs) writeFileSync(join(dir, `${p.name}-${width}-${colorScheme}.png`), shot);
      }
      await page.close();
    }
  }
  expect(readdirSync(outDirs[0]!).filter((f) => f.endsWith(".png"))).toHaveLength(24);
});
