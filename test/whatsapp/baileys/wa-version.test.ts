import { describe, expect, test } from "bun:test";
import type { WAVersion } from "@whiskeysockets/baileys";
import { testConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/log.ts";
import { createBaileysDriver } from "../../../src/whatsapp/baileys/index.ts";
import { BUNDLED_WA_VERSION } from "../../../src/whatsapp/baileys/socket.ts";
import {
  VERSION_CHECK_TIMEOUT_MS,
  type LatestVersionFetcher,
} from "../../../src/whatsapp/baileys/wa-version.ts";
import { FakeSocket, freshDb, makeChannelRow, settle, StepTimers } from "./fixtures.ts";

/**
 * The WhatsApp Web version: the latest one WhatsApp serves when the start-up check answers in
 * time, the bundled one otherwise, and what the channel page is told about it.
 */

const LATEST: WAVersion = [2, 3000, 1099999999];

function driverWith(fetchLatest: LatestVersionFetcher, config = { waVersionCheck: true, waVersion: "" }) {
  const db = freshDb();
  const channelId = makeChannelRow(db);
  const timers = new StepTimers();
  const versions: WAVersion[] = [];
  const driver = createBaileysDriver(
    { db, logger: silentLogger, clock: () => 0, config: testConfig(config), maxMediaBytes: 1 },
    {
      socketFactory: (o) => {
        versions.push(o.version);
        return new FakeSocket(o);
      },
      timers,
      fetchLatestVersion: fetchLatest,
    },
  );
  return { driver, timers, versions, session: driver.createSession(channelId, () => {}) };
}

describe("WhatsApp Web version at start-up", () => {
  test("the latest version WhatsApp serves is used, and the channel page is told so", async () => {
    const d = driverWith(async () => LATEST);
    await d.session.start();
    expect(d.versions).toEqual([LATEST]);
    expect(d.driver.about?.()).toBe("WhatsApp Web 2.3000.1099999999 (the latest, checked at start-up)");
  });

  test("a check that fails falls back to the bundled version and says why", async () => {
    const d = driverWith(async () => {
      throw new Error("getaddrinfo ENOTFOUND web.whatsapp.com");
    });
    await d.session.start();
    expect(d.versions).toEqual([BUNDLED_WA_VERSION]);
    expect(d.driver.about?.()).toBe(
      `WhatsApp Web ${BUNDLED_WA_VERSION.join(".")} (the version bundled with Baileys: the check for the latest failed)`,
    );
  });

  test("a check that does not answer in time is given up: the bundled version, and the request aborted", async () => {
    let aborted = false;
    const d = driverWith(
      (signal) =>
        new Promise(() => {
          signal.addEventListener("abort", () => {
            aborted = true;
          });
        }),
    );
    const started = d.session.start();
    await settle();
    expect(d.versions).toEqual([]);
    d.timers.fire(VERSION_CHECK_TIMEOUT_MS);
    await started;
    expect(aborted).toBe(true);
    expect(d.versions).toEqual([BUNDLED_WA_VERSION]);
    expect(d.driver.about?.()).toContain("web.whatsapp.com did not answer within 3 s");
  });

  test("PAIRBOX_WA_VERSION_CHECK=off never asks; PAIRBOX_WA_VERSION wins over the check", async () => {
    let asked = 0;
    const ask: LatestVersionFetcher = async () => {
      asked += 1;
      return LATEST;
    };
    const off = driverWith(ask, { waVersionCheck: false, waVersion: "" });
    await off.session.start();
    expect(off.versions).toEqual([BUNDLED_WA_VERSION]);
    expect(off.driver.about?.()).toContain("checking for the latest is off (PAIRBOX_WA_VERSION_CHECK)");
    const set = driverWith(ask, { waVersionCheck: true, waVersion: "2.3000.1023223821" });
    await set.session.start();
    expect(set.versions).toEqual([[2, 3000, 1023223821]]);
    expect(set.driver.about?.()).toBe("WhatsApp Web 2.3000.1023223821 (set by PAIRBOX_WA_VERSION)");
    expect(asked).toBe(0);
  });

  test("tests and CI run with the check off", () => {
    expect(testConfig().waVersionCheck).toBe(false);
  });
});
