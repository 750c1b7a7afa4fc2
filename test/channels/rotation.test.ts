import { beforeEach, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminSession, makeTestApp, postForm, type Session, type TestApp } from "../helpers/app.ts";
import { openDatabase } from "../../src/db/open.ts";
import { migrate } from "../../src/db/migrate.ts";
import { testConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { createEngine } from "../../src/channels/engine.ts";
import { createMediaStore } from "../../src/whatsapp/media-store.ts";
import { createSimulatorDriver } from "../../src/whatsapp/simulator/index.ts";
import { manualTimers, type ManualTimers } from "../../src/whatsapp/simulator/timers.ts";
import { channelRow } from "./fixture.ts";

/**
 * The pairing code's life on the channel page, with the simulator's clock in the test's hand:
 * each rotation is a new image, and unscanned codes run out into "expired, Refresh QR".
 */

let t: TestApp;
let admin: Session;
let id: number;
let rotate: () => void;
const ROTATE_MS = 20_000;

beforeEach(async () => {
  const db = openDatabase(":memory:");
  migrate(db);
  let now = Date.UTC(2026, 0, 15, 9, 0, 0);
  const clock = () => now;
  const timers: ManualTimers = manualTimers();
  const driver = createSimulatorDriver({ db, clock, timers, qrRotateMs: ROTATE_MS, qrMaxCodes: 3 });
  const config = testConfig({ demo: true, sendSpacingMs: 0 });
  const engine = createEngine(
    { db, config, logger: silentLogger, clock },
    { media: createMediaStore(mkdtempSync(join(tmpdir(), "pairbox-test-media-"))), driver, link: () => [] },
  );
  t = makeTestApp({ demo: true }, { db, clock, services: engine.services, sessions: engine.sessions });
  // The page's image address carries the code's time: move the clock with the simulator's.
  rotate = () => {
    now += ROTATE_MS;
    timers.advance(ROTATE_MS);
  };
  admin = await adminSession(t);
  const res = await postForm(t, "/channels", admin, { phone: "+14302028897", access: "all" });
  id = Number(/\/channels\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
});

const qrImage = async () =>
  /<img class="qr" id="qr" src="([^"]+)"/.exec(
    await (await t.request(`/channels/${id}/state`, { session: admin })).text(),
  )?.[1];

test("each rotation is announced and the page's refetched block shows the new image", async () => {
  const heard: string[] = [];
  t.deps.sessions.on((e) => heard.push(`${e.channelId}:${e.type}`));
  const first = await qrImage();
  const firstCode = channelRow(t, id).qr;
  rotate();
  expect(heard).toContain(`${id}:qr`);
  expect(channelRow(t, id).qr).not.toBe(firstCode);
  const second = await qrImage();
  expect(second).toBeString();
  expect(second).not.toBe(first);
});

test("unscanned codes run out: the page says the code expired and offers Refresh QR, which starts again", async () => {
  rotate();
  rotate();
  rotate();
  const row = channelRow(t, id);
  expect(row.status).toBe("disconnected");
  expect(row.status_reason).toContain("QR expired");
  const html = await (await t.request(`/channels/${id}`, { session: admin })).text();
  expect(html).toContain("The pairing code expired. Use <strong>Refresh QR</strong> for a new one.");
  expect(html).not.toContain('id="qr"');
  expect(html).toContain('data-action="refresh-qr"');
  await postForm(t, `/channels/${id}/refresh-qr`, admin, { from: "page" });
  expect(channelRow(t, id).status).toBe("pending");
  expect(await qrImage()).toBeString();
});
