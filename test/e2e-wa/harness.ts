import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app.ts";
import { systemClock } from "../../src/clock.ts";
import { createEngine } from "../../src/channels/engine.ts";
import { findChannel } from "../../src/channels/store.ts";
import { testConfig } from "../../src/config.ts";
import { prepareDataDir } from "../../src/data-dir.ts";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { linkConversation } from "../../src/records/public.ts";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { installWorkflows } from "../../src/workflows/install.ts";
import { createBaileysDriver, type BaileysDriverOptions } from "../../src/whatsapp/baileys/index.ts";
import { createMediaStore } from "../../src/whatsapp/media-store.ts";
import { adminSession, BASE, postForm, type Session, type TestApp } from "../helpers/app.ts";
import { startWaServer, type WaServer } from "../wa-server/server.ts";
import type { WaUser } from "../wa-server/user.ts";

/**
 * Pairbox as main.ts builds it (file database in a data directory, the real services, the real
 * Baileys driver under the session manager, its SQLite auth store), pointed at the emulator.
 * Set E2E_WA_LOG=debug to see Pairbox's and Baileys' logs.
 */

export type Pairbox = TestApp & { dataDir: string; stop(): Promise<void> };

/**
 * What a scene may change in the driver (shorter transfer timeouts, say); never where it connects:
 * a socket factory gets the emulator's URL from the session and may only wrap the real one.
 */
export type DriverTweaks = Pick<BaileysDriverOptions, "timeouts" | "reconnect" | "socketFactory">;

export async function startPairbox(
  dataDir: string,
  wa: WaServer,
  tweaks: DriverTweaks = {},
): Promise<Pairbox> {
  const dir = prepareDataDir(dataDir);
  const db = openDatabase(dir.dbPath);
  migrate(db);
  const config = testConfig({ baseUrl: BASE, whatsappDriver: "baileys", sendSpacingMs: 0, dataDir });
  const logger = process.env.E2E_WA_LOG ? createLogger(process.env.E2E_WA_LOG) : silentLogger;
  const core = { db, config, logger, clock: systemClock };
  const media = createMediaStore(dir.mediaDir);
  // The emulator's URL is the only address the driver is given: nothing here reaches WhatsApp.
  const driver = createBaileysDriver(
    { ...core, maxMediaBytes: config.maxUploadBytes },
    { ...tweaks, waWebSocketUrl: wa.url },
  );
  const { services, sessions } = createEngine(core, { media, driver, link: linkConversation });
  const secret = "e2e-wa-secret-e2e-wa-secret-e2e-wa!!";
  // The features main.ts plugs in, so workflow runs and webhook deliveries happen as in production.
  const stopWebhooks = installWebhooks(services, { ...core, secret });
  installWorkflows(services, core);
  services.jobs.start();
  const deps = {
    ...core,
    secret,
    version: "test",
    services,
    sessions,
  };
  const app = createApp(deps);
  await sessions.startAll();
  return {
    app,
    db,
    deps,
    sessions,
    dataDir,
    advance() {
      throw new Error("this Pairbox runs on the system clock");
    },
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.session) headers.set("cookie", init.session.cookie);
      const method = (init.method ?? "GET").toUpperCase();
      if (method !== "GET" && method !== "HEAD" && !headers.has("origin")) headers.set("origin", BASE);
      return app.request(`${BASE}${path}`, { ...init, headers });
    },
    async stop() {
      await sessions.stopAll();
      stopWebhooks();
      await services.jobs.stop();
      db.close();
    },
  };
}

/** Polls until `check` returns a value (not null/false), or fails saying what it waited for. */
export async function waitUntil<T>(
  what: string,
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(15);
  }
}

/** The channel's status as its page shows it (the badge's data-status). */
export async function shownStatus(pb: Pairbox, session: Session, channelId: number): Promise<string> {
  const html = await (await pb.request(`/channels/${channelId}/state`, { session })).text();
  return /class="badge status-\w+" data-status="(\w+)"/.exec(html)?.[1] ?? "(no status shown)";
}

/**
 * The pairing code the channel page shows. The page draws /channels/:id/qr.svg from the channel's
 * current code (channels.qr, written by the session manager); the raw string is read from there
 * rather than by decoding the SVG, after checking the page really shows that image.
 */
export async function shownQr(pb: Pairbox, session: Session, channelId: number): Promise<string | null> {
  const html = await (await pb.request(`/channels/${channelId}/state`, { session })).text();
  const src = /<img class="qr" id="qr" src="([^"]+)"/.exec(html)?.[1];
  if (!src) return null;
  const svg = await pb.request(src.replaceAll("&amp;", "&"), { session });
  if (svg.status !== 200 || !(await svg.text()).startsWith("<svg")) return null;
  return findChannel(pb.db, channelId)?.qr ?? null;
}

/**
 * Every HTTP request in this process goes through fetch (Baileys' media, version and link-preview
 * calls included): while a scene runs, any that leaves 127.0.0.1 is refused and remembered.
 */
function guardFetch(): { outside: string[]; restore(): void } {
  const original = globalThis.fetch;
  const outside: string[] = [];
  const guarded = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return original(input, init);
    outside.push(url.href);
    return Promise.reject(new Error(`e2e-wa: refused a request to ${url.host}`));
  };
  globalThis.fetch = Object.assign(guarded, original);
  return {
    outside,
    restore() {
      globalThis.fetch = original;
    },
  };
}

export type Scene = {
  wa: WaServer;
  pb: Pairbox;
  admin: Session;
  dataDir: string;
  /**
   * Stops Pairbox and starts it again on the same data directory (a restart); `whileDown` runs in
   * between, once the emulator has seen the linked device go (messages sent then wait offline).
   */
  restart(whileDown?: () => Promise<void>): Promise<Pairbox>;
  close(): Promise<void>;
};

/**
 * An emulator, a Pairbox in a fresh data directory, and a signed-in administrator. Closing it fails
 * if Pairbox sent any request beyond 127.0.0.1 meanwhile.
 */
export async function startScene(
  opts: Parameters<typeof startWaServer>[0] & { driver?: DriverTweaks } = {},
): Promise<Scene> {
  const fetchGuard = guardFetch();
  const wa = await startWaServer(opts);
  const dataDir = mkdtempSync(join(tmpdir(), "pairbox-e2e-wa-"));
  let pb: Pairbox | null = null;
  const close = async () => {
    await pb?.stop().catch(() => {});
    await wa.close();
    fetchGuard.restore();
    rmSync(dataDir, { recursive: true, force: true });
    if (fetchGuard.outside.length)
      throw new Error(`Pairbox tried to reach outside the test: ${fetchGuard.outside.join(", ")}`);
  };
  try {
    pb = await startPairbox(dataDir, wa, opts.driver);
    const scene: Scene = {
      wa,
      dataDir,
      pb,
      admin: await adminSession(pb),
      async restart(whileDown) {
        const before = wa.events.length;
        await scene.pb.stop();
        if (whileDown) {
          await waitUntil("the emulator to see the linked device leave", () =>
            wa.events.slice(before).some((e) => e.type === "closed" && e.jid !== null),
          );
          await whileDown();
        }
        pb = scene.pb = await startPairbox(dataDir, wa, opts.driver);
        return scene.pb;
      },
      close,
    };
    return scene;
  } catch (err) {
    // A scene that failed to start must not leave the fetch guard or the trusted root behind.
    await close().catch(() => {});
    throw err;
  }
}

/** Adds a number through the channel form, as a person would; returns the new channel's id. */
export async function addChannelByForm(scene: Scene, phone: string, name = "Sales"): Promise<number> {
  const res = await postForm(scene.pb, "/channels", scene.admin, { phone, name, access: "all" });
  const id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
  if (res.status !== 303 || !id) throw new Error(`adding ${phone} failed with ${res.status}`);
  return id;
}

/**
 * Adds the number, scans the code the page shows with the emulated phone, waits for Connected and
 * for the device's first sync to settle (Baileys asks for app state once it has read the phone's
 * history). Tests that cut the connection must not do it mid-sync: a LID lookup Baileys sends while
 * decrypting then waits out its 60 s query timeout, holding libsignal's per-address queue, which is
 * shared by the whole process, so the next test on the same number would stall behind it.
 */
export async function pairChannel(scene: Scene, phone: string): Promise<number> {
  const channelId = await addChannelByForm(scene, phone);
  const qr = await waitUntil("the QR code on the channel page", () =>
    shownQr(scene.pb, scene.admin, channelId),
  );
  await scene.wa.account(phone).scanQr(qr);
  await waitUntil(
    "the channel page to show Connected",
    async () => (await shownStatus(scene.pb, scene.admin, channelId)) === "connected",
  );
  await scene.wa.waitFor((e) => e.type === "iq" && e.xmlns === "w:sync:app:state", {
    what: "the linked device's first app state sync",
  });
  // Saved once that sync is done: without it the next login waits 20 s for a history sync the
  // server never sends to a device that had one (Baileys' AwaitingInitialSync).
  await waitUntil("the first sync to be saved with the device keys", () =>
    scene.pb.db
      .query<{ creds: string }, [number]>("SELECT creds FROM wa_auth_creds WHERE channel_id = ?")
      .get(channelId)
      ?.creds.match(/"accountSyncCounter":[1-9]/),
  );
  return channelId;
}

/** Types a reply in a conversation's reply box and sends it, as an agent would; resolves on the redirect. */
export async function replyFromInbox(scene: Scene, conversationId: number, text: string): Promise<void> {
  const form = new FormData();
  form.set("_csrf", scene.admin.csrf);
  form.set("text", text);
  const res = await scene.pb.request(`/inbox/c/${conversationId}/send`, {
    method: "POST",
    body: form,
    session: scene.admin,
  });
  if (res.status !== 303) throw new Error(`the reply was refused with ${res.status}`);
}

/** A customer Pairbox knows: a contact on the emulated network and a contact record with her number. */
export function knownCustomer(
  scene: Scene,
  e164: string,
  name: { first: string; last: string },
): { user: WaUser; recordId: number } {
  const user = scene.wa.contact(e164, { name: name.first });
  const { id } = createRecord(
    scene.pb.db,
    "contact",
    { ...emptyInput(), first_name: name.first, last_name: name.last },
    [{ e164, original: e164 }],
    Date.now(),
  );
  return { user, recordId: id };
}
