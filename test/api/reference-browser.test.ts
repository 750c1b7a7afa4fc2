import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { launchBrowser, watchConsole } from "../helpers/browser.ts";
import { makeChannel } from "../inbox/fixtures.ts";
import { makeIntegrationApp, makeKey } from "./helpers.ts";

/** The reference page in a real browser: its script runs under the strict CSP and its "Try it" calls work. */
describe("the interactive API reference", () => {
  let server: ReturnType<typeof Bun.serve>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let key = "";
  let sendKey = "";
  let channelId = 0;
  let connectedId = 0;

  beforeAll(async () => {
    const t = makeIntegrationApp();
    server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => t.app.fetch(req) });
    t.deps.config = { ...t.deps.config, baseUrl: `http://127.0.0.1:${server.port}` };
    channelId = makeChannel(t.db, "+14155550177");
    t.db
      .query("UPDATE channels SET status = 'pending', qr = '2@pairing-code', qr_at = 1 WHERE id = ?")
      .run(channelId);
    key = makeKey(t, [channelId], "manage");
    connectedId = makeChannel(t.db, "+14155550178");
    sendKey = makeKey(t, [connectedId], "send");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    server?.stop(true);
  });

  test("lists channels and shows a QR image with the key typed on the page, without a CSP error", async () => {
    const page = await browser.context.newPage();
    const errors = watchConsole(page);
    await page.goto(`http://127.0.0.1:${server.port}/api/docs`);
    await page.fill("#api-key", key);

    const list = page.locator("#listChannels");
    await list.locator("summary", { hasText: "Try it" }).click();
    await list.locator("button", { hasText: "Send GET" }).click();
    await list.locator(".try-status").waitFor();
    expect(await list.locator(".try-status").textContent()).toStartWith("200");
    expect(await list.locator("pre").textContent()).toContain("+14155550177");

    const qr = page.locator("#getChannelQr");
    await qr.locator("summary", { hasText: "Try it" }).click();
    await qr.locator("input[name=id]").fill(String(channelId));
    await qr.locator("input[name=format]").fill("png");
    await qr.locator("button", { hasText: "Send GET" }).click();
    await qr.locator("img.try-image").waitFor();
    expect(await qr.locator(".try-status").textContent()).toContain("image/png");
    expect(
      await qr.locator("img.try-image").evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(50);

    expect(errors).toEqual([]);
  }, 30_000);

  test("sends a file from the page as multipart/form-data", async () => {
    const page = await browser.context.newPage();
    const errors = watchConsole(page);
    await page.goto(`http://127.0.0.1:${server.port}/api/docs`);
    await page.fill("#api-key", sendKey);
    const send = page.locator("#sendMessage");
    await send.locator("summary", { hasText: "Try it" }).click();
    const upload = send.locator("form[data-multipart]");
    await upload.locator("input[name=channel_id]").fill(String(connectedId));
    await upload.locator("input[name=to]").fill("+447700900123");
    await upload.locator("input[name=text]").fill("the invoice");
    await upload.locator("input[name=file]").setInputFiles({
      name: "invoice.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4 test"),
    });
    await upload.locator("button", { hasText: "Upload with POST" }).click();
    await upload.locator(".try-status").waitFor();
    expect(await upload.locator(".try-status").textContent()).toStartWith("202");
    const answer = JSON.parse((await upload.locator("pre").textContent()) ?? "{}");
    expect(answer.message).toMatchObject({
      type: "document",
      text: "the invoice",
      media: { file_name: "invoice.pdf", mime: "application/pdf" },
    });
    expect(errors).toEqual([]);
  }, 30_000);
});
