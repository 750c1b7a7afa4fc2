import { expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { loadConfig, testConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { selectDriver } from "../../src/whatsapp/select.ts";
import { manualTimers } from "../../src/whatsapp/simulator/timers.ts";
import type { DriverEvent } from "../../src/whatsapp/driver.ts";
import { addChannel } from "./fixtures.ts";

function deps(over: Parameters<typeof testConfig>[0]) {
  const db = openDatabase(":memory:");
  migrate(db);
  return { db, logger: silentLogger, clock: () => 0, config: testConfig(over), maxMediaBytes: 1000 };
}

test("demo mode and PAIRBOX_WHATSAPP_DRIVER=simulator run the simulator; the default is Baileys", async () => {
  expect((await selectDriver(deps({ demo: true, whatsappDriver: "baileys" }))).kind).toBe("simulator");
  expect((await selectDriver(deps({ whatsappDriver: "simulator" }))).kind).toBe("simulator");
  const real = await selectDriver(deps({ whatsappDriver: "baileys" }));
  expect(real.kind).toBe("baileys");
  expect("controls" in real).toBe(false);
});

test("PAIRBOX_SIM_QR_ROTATE_MS (default 20 s) sets how often the simulator's pairing code rotates", async () => {
  const parsed = loadConfig(["--sim-qr-rotate-ms", "1500"], {});
  expect(parsed.ok === true && parsed.config.simQrRotateMs).toBe(1500);
  expect(testConfig().simQrRotateMs).toBe(20_000);
  for (const bad of ["fast", "0", "-1"]) {
    const r = loadConfig([], { PAIRBOX_SIM_QR_ROTATE_MS: bad });
    expect(r.ok === false && r.message).toContain("PAIRBOX_SIM_QR_ROTATE_MS");
  }

  const d = deps({ demo: true, simQrRotateMs: 500 });
  const timers = manualTimers();
  const driver = await selectDriver(d, { timers });
  const events: DriverEvent[] = [];
  const channelId = addChannel(d.db, "+14155550100");
  await driver.createSession(channelId, (e) => void events.push(e)).start();
  const codes = () => events.filter((e) => e.type === "qr").length;
  expect(codes()).toBe(1);
  timers.advance(499);
  expect(codes()).toBe(1);
  timers.advance(1);
  expect(codes()).toBe(2);
});
