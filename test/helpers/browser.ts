import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { freePort, spawnPairbox, type Spawned } from "./spawn.ts";

export const ADMIN = { email: "admin@example.com", password: "admin password 1" };

export type Server = {
  url: string;
  dataDir: string;
  /** The set-up link the running server printed (a server started without `admin: true` has one). */
  setupLink(): Promise<string>;
  stop(): Promise<void>;
  restart(): Promise<void>;
};

/**
 * Starts the real server (`src/main.ts`) on a random loopback port with a temporary data directory.
 * With `admin: true` the first administrator is created from the environment, skipping set-up.
 */
export async function startServer(
  opts: { demo?: boolean; admin?: boolean; env?: Record<string, string>; dataDir?: string } = {},
): Promise<Server> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "pairbox-e2e-"));
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PAIRBOX_PORT: String(port),
    PAIRBOX_HOST: "127.0.0.1",
    PAIRBOX_DATA_DIR: dataDir,
    PAIRBOX_BASE_URL: url,
    PAIRBOX_LOG_LEVEL: "warn",
    PAIRBOX_WA_VERSION_CHECK: "off",
    ...(opts.demo === false ? {} : { PAIRBOX_DEMO: "1" }),
    ...(opts.admin ? { PAIRBOX_ADMIN_EMAIL: ADMIN.email, PAIRBOX_ADMIN_PASSWORD: ADMIN.password } : {}),
    ...opts.env,
  };
  let proc: Spawned;
  const launch = async () => {
    proc = spawnPairbox([], env, { echo: true });
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await Bun.sleep(50);
    }
    throw new Error("server did not become healthy");
  };
  await launch();
  return {
    url,
    dataDir,
    setupLink: async () => (await proc.waitForOutput(/"setupUrl":"([^"]+)"/))[1]!,
    restart: async () => {
      await proc.stop();
      await launch();
    },
    stop: async () => {
      await proc.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with a fresh profile; never a downloaded browser. */
export async function launchBrowser(
  opts: { timezoneId?: string } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "pairbox-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form (a browser that is still signed in just goes on). */
export async function signInPage(
  page: import("playwright-core").Page,
  baseUrl: string,
  who: { email: string; password: string } = ADMIN,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  if (!new URL(page.url()).pathname.startsWith("/login")) return;
  await page.fill("#f-email", who.email);
  await page.fill("#f-password", who.password);
  await page.click("button:has-text('Sign in')");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** Collects console errors (CSP violations, htmx security strips) so tests can assert there are none. */
export function watchConsole(page: import("playwright-core").Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/**
 * Adds a demo number from the Channels page, as an administrator does, and scans its QR with the
 * simulator's "Scan (demo)" button; resolves with the channel page's URL once it says connected.
 */
export async function pairDemoChannel(
  page: import("playwright-core").Page,
  baseUrl: string,
  channel: { phone: string; name: string; countryPrefix?: string },
): Promise<string> {
  await page.goto(`${baseUrl}/channels`);
  await page.click("text=Add WhatsApp number");
  await page.fill("#f-phone", channel.phone);
  await page.fill("#f-name", channel.name);
  if (channel.countryPrefix) await page.fill("#f-countryPrefix", channel.countryPrefix);
  await page.click("button:has-text('Add number and show QR')");
  await page.waitForURL(/\/channels\/\d+\?done=added$/);
  const url = page.url().replace(/\?.*$/, "");
  await page.click("button:has-text('Scan (demo)')");
  await page.waitForFunction(
    () => document.querySelector("#channel-state")?.getAttribute("data-status") === "connected",
    null,
    { timeout: 10_000 },
  );
  return url;
}

/**
 * Delivers a customer's message through the demo channel page's inject form, as a person trying
 * demo mode does; resolves once the page says it was delivered. `content` picks the form's
 * "Kind of message" (a poll, a card…); left out, it is plain text.
 */
export async function injectDemoMessage(
  page: import("playwright-core").Page,
  channelUrl: string,
  m: { from?: string; name?: string; text: string; content?: string },
): Promise<void> {
  await page.goto(channelUrl);
  await page.fill("#f-fromPhone", m.from ?? "+44 7700 900123");
  await page.fill("#inject #f-name", m.name ?? "Ann Lee");
  if (m.content) await page.selectOption("#f-content", m.content);
  await page.fill("#inject #f-text", m.text);
  await page.click("button:has-text('Deliver message')");
  await page.waitForURL(/\?done=injected$/);
}
