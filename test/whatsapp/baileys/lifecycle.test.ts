import { describe, expect, test } from "bun:test";
import { DisconnectReason } from "@whiskeysockets/baileys";
import {
  BACKOFF_MAX_MS,
  backoffDelay,
  classifyClose,
  FAILURES_BEFORE_ERROR,
} from "../../../src/whatsapp/baileys/disconnect.ts";
import { testConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/log.ts";
import { createBaileysDriver } from "../../../src/whatsapp/baileys/index.ts";
import { BUNDLED_WA_VERSION, parseWaVersion } from "../../../src/whatsapp/baileys/socket.ts";
import {
  closeError,
  FakeSocket,
  freshDb,
  makeChannelRow,
  makeDriverFixture,
  settle,
  SIGNED_ACCOUNT,
} from "./fixtures.ts";

const DNS = "Cannot reach WhatsApp: DNS lookup failed for web.whatsapp.com";
/** Exactly what Baileys 7.0.0-rc14 gives on a machine without DNS (checked on this machine). */
const noNetwork = () =>
  closeError(DisconnectReason.timedOut, "WebSocket Error (getaddrinfo ENOTFOUND web.whatsapp.com)");

/** What a QR scan does: Baileys sets `me` and the signed `account` (`registered` is for code pairing). */
function pairedCreds(f: ReturnType<typeof makeDriverFixture>) {
  f.sock.emit("creds.update", {
    me: { id: "14155550100:7@s.whatsapp.net", name: "Shop" },
    account: SIGNED_ACCOUNT,
  });
}

describe("pairing", () => {
  test("each QR rotation is surfaced and the channel waits for a scan", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    f.sock.emit("connection.update", { qr: "2@first" });
    f.sock.emit("connection.update", { qr: "2@second" });
    await settle();
    expect(f.of("qr").map((e) => e.qr)).toEqual(["2@first", "2@second"]);
    expect(f.statuses()).toEqual([
      "pending: Connecting to WhatsApp",
      "pending: Scan the QR code with WhatsApp on the phone (Linked devices)",
    ]);
  });

  test("after the last unscanned QR pairing stops: disconnected, QR expired", async () => {
    const f = makeDriverFixture({ maxQrRotations: 3 });
    await f.session.start();
    for (const n of [1, 2, 3, 4]) f.sock.emit("connection.update", { qr: `2@qr${n}` });
    await settle();
    expect(f.of("qr")).toHaveLength(3);
    expect(f.statuses().at(-1)).toBe("disconnected: QR expired: refresh to try again");
    expect(f.sock.ended).toBe(1);
    expect(f.timers.live()).toHaveLength(0);
    expect(f.driver.hasCredentials(f.channelId)).toBe(false);
  });

  test("Baileys running out of QR codes is also an expiry, not a retry", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    f.sock.emit("connection.update", { qr: "2@a" });
    f.sock.close(closeError(DisconnectReason.timedOut, "QR refs attempts ended"));
    await settle();
    expect(f.statuses().at(-1)).toBe("disconnected: QR expired: refresh to try again");
    expect(f.timers.live()).toHaveLength(0);
  });

  test("refreshing after expiry starts pairing again with a new socket", async () => {
    const f = makeDriverFixture({ maxQrRotations: 1 });
    await f.session.start();
    f.sock.emit("connection.update", { qr: "2@a" });
    f.sock.emit("connection.update", { qr: "2@b" });
    await settle();
    await f.session.refreshQr();
    expect(f.sockets).toHaveLength(2);
    f.sock.emit("connection.update", { qr: "2@c" });
    await settle();
    expect(f.of("qr").map((e) => e.qr)).toEqual(["2@a", "2@c"]);
  });

  test("restart-required after the scan reconnects at once, then the channel is connected as our number", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    f.sock.emit("connection.update", { qr: "2@a" });
    pairedCreds(f);
    f.sock.close(closeError(DisconnectReason.restartRequired, "Stream Errored (restart required)"));
    await settle();
    expect(f.sockets).toHaveLength(2);
    expect(f.timers.live()).toHaveLength(0);
    expect(f.sock.options.auth.creds.me?.id).toBe("14155550100:7@s.whatsapp.net");
    f.sock.open();
    await settle();
    expect(f.of("connected")).toEqual([{ type: "connected", ownJid: "14155550100@s.whatsapp.net" }]);
    expect(f.statuses().at(-1)).toBe("connected: ");
    expect(f.driver.hasCredentials(f.channelId)).toBe(true);
    expect(f.of("activity").length).toBeGreaterThan(0);
  });
});

describe("closes", () => {
  test("logged out from the phone: disconnected and the keys are wiped", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    pairedCreds(f);
    f.sock.open();
    f.sock.options.auth.keys.set({ session: { "447700900123.0": new Uint8Array([1, 2, 3]) } });
    await settle();
    f.sock.close(closeError(DisconnectReason.loggedOut, "Connection Failure"));
    await settle();
    expect(f.statuses().at(-1)).toStartWith("disconnected: Logged out from the phone");
    expect(f.driver.hasCredentials(f.channelId)).toBe(false);
    expect(f.db.query("SELECT count(*) AS n FROM wa_auth_keys").get()).toEqual({ n: 0 });
    expect(f.timers.live()).toHaveLength(0);
  });

  test("forbidden moves to error with the reason and stops", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    f.sock.open();
    f.sock.close(closeError(DisconnectReason.forbidden));
    await settle();
    expect(f.statuses().at(-1)).toBe(
      "error: WhatsApp refused this number (forbidden): it may be banned or restricted",
    );
    expect(f.timers.live()).toHaveLength(0);
    expect(f.sockets).toHaveLength(1);
  });

  test("a transient close backs off, reconnects, and a connection that stayed up resets the count", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    f.sock.open();
    f.sock.close(closeError(DisconnectReason.connectionLost, "Connection was lost"));
    await settle();
    expect(f.statuses().at(-1)).toBe("disconnected: Connection to WhatsApp lost: reconnecting");
    expect(f.sockets).toHaveLength(1);
    expect(f.timers.fireNext()).toBe(1000);
    expect(f.sockets).toHaveLength(2);
    f.sock.close(closeError(DisconnectReason.connectionClosed, "Connection Closed"));
    await settle();
    expect(f.timers.fireNext()).toBe(1500);
    f.sock.open();
    f.sock.emit("connection.update", { receivedPendingNotifications: true });
    await settle();
    expect(f.statuses().at(-1)).toBe("connected: ");
    f.sock.close(closeError(DisconnectReason.connectionLost));
    await settle();
    expect(f.timers.live().map((t) => t.ms)).toEqual([1000]);
  });

  test(`after ${FAILURES_BEFORE_ERROR} failures in a row the channel shows an error, and still retries`, async () => {
    const f = makeDriverFixture();
    await f.session.start();
    for (let i = 1; i <= FAILURES_BEFORE_ERROR + 2; i++) {
      f.sock.close(closeError(DisconnectReason.unavailableService, "Service Unavailable"));
      await settle();
      if (i === FAILURES_BEFORE_ERROR - 1)
        expect(f.statuses().at(-1)).toBe("disconnected: Connection to WhatsApp lost: reconnecting");
      f.timers.fireNext();
    }
    expect(f.statuses().at(-1)).toBe("error: WhatsApp is unavailable at the moment");
    expect(f.of("status").filter((s) => s.status === "error")).toHaveLength(1);
    expect(f.sockets).toHaveLength(FAILURES_BEFORE_ERROR + 3);
  });

  test("no network: the exact DNS message at once, retries with growing delays, the same status said once", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      f.sock.close(noNetwork());
      await settle();
      delays.push(f.timers.fireNext());
    }
    expect(f.statuses()).toEqual(["pending: Connecting to WhatsApp", `error: ${DNS}`]);
    expect(delays).toEqual([1000, 1500, 3000, 6000]);
    expect(f.sockets).toHaveLength(5);
  });

  test("a socket that cannot even be created is retried like a lost connection", async () => {
    let calls = 0;
    const f = makeDriverFixture({
      socketFactory: () => {
        calls += 1;
        throw new Error("getaddrinfo ENOTFOUND web.whatsapp.com");
      },
    });
    await f.session.start();
    expect(f.statuses().at(-1)).toBe(`error: ${DNS}`);
    f.timers.fireNext();
    expect(calls).toBe(2);
    expect(f.timers.live()).toHaveLength(1);
  });

  test("one channel failing does not touch another", async () => {
    const db = freshDb();
    const broken = makeChannelRow(db, "+14155550100");
    const healthy = makeChannelRow(db, "+14155550101");
    const sockets = new Map<number, FakeSocket>();
    let creating = 0;
    const f = makeDriverFixture(
      {
        socketFactory: (o) => {
          if (creating === broken) throw new Error("getaddrinfo ENOTFOUND web.whatsapp.com");
          const s = new FakeSocket(o);
          sockets.set(creating, s);
          return s;
        },
      },
      db,
    );
    const seen = new Map<number, string[]>([
      [broken, []],
      [healthy, []],
    ]);
    const sessions = [broken, healthy].map((id) =>
      f.driver.createSession(
        id,
        (e) => void seen.get(id)!.push(e.type === "status" ? `${e.status}: ${e.reason}` : e.type),
      ),
    );
    creating = broken;
    await sessions[0]!.start();
    creating = healthy;
    await sessions[1]!.start();
    sockets.get(healthy)!.open();
    await settle();
    expect(seen.get(broken)!.at(-1)).toBe(`error: ${DNS}`);
    expect(seen.get(healthy)).toContain("connected: ");
    expect(seen.get(healthy)!.some((e) => e.startsWith("error"))).toBe(false);
  });

  test("stop ends the socket and cancels the pending retry; late events from the old socket are ignored", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    const first = f.sock;
    first.close(noNetwork());
    await settle();
    await f.session.stop();
    expect(f.timers.live()).toHaveLength(0);
    const before = f.events.length;
    first.emit("connection.update", { qr: "2@late" });
    first.close(closeError(DisconnectReason.loggedOut));
    await settle();
    expect(f.events.length).toBe(before);
  });

  test("logout unlinks on the phone, wipes the keys and says so", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    pairedCreds(f);
    f.sock.open();
    await settle();
    await f.session.logout();
    expect(f.sock.loggedOut).toBe(1);
    expect(f.sock.ended).toBe(1);
    expect(f.driver.hasCredentials(f.channelId)).toBe(false);
    expect(f.statuses().at(-1)).toBe(
      "disconnected: Logged out: scan a new QR code to link this number again",
    );
  });

  test("logout does not hang on a dead connection: the keys go after a timeout", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    pairedCreds(f);
    f.sock.open();
    await settle();
    f.sock.logout = () => new Promise<void>(() => {});
    const done = f.session.logout();
    await settle();
    f.timers.fire(10_000);
    await done;
    expect(f.driver.hasCredentials(f.channelId)).toBe(false);
    expect(f.statuses().at(-1)).toStartWith("disconnected:");
  });

  test("an event handler that throws does not break the session", async () => {
    const f = makeDriverFixture();
    let thrown = 0;
    const session = f.driver.createSession(f.channelId, (e) => {
      if (e.type === "qr") {
        thrown += 1;
        throw new Error("listener bug");
      }
    });
    await session.start();
    f.sock.emit("connection.update", { qr: "2@x" });
    f.sock.open();
    await settle();
    expect(thrown).toBe(1);
    expect(await session.isOnWhatsApp("+447700900123")).toBe(false);
  });
});

describe("close policy", () => {
  test("every DisconnectReason has a decision", () => {
    expect(classifyClose(closeError(DisconnectReason.restartRequired), true).kind).toBe("restart");
    expect(classifyClose(closeError(DisconnectReason.loggedOut), true).kind).toBe("logged-out");
    expect(classifyClose(closeError(DisconnectReason.multideviceMismatch), true).kind).toBe("logged-out");
    expect(classifyClose(closeError(DisconnectReason.forbidden), true).kind).toBe("fatal");
    expect(classifyClose(closeError(DisconnectReason.connectionReplaced), true).kind).toBe("fatal");
    for (const banned of [402, 406, 419]) expect(classifyClose(closeError(banned), true).kind).toBe("fatal");
    expect(classifyClose(closeError(405), true)).toMatchObject({
      kind: "retry",
      reason: expect.stringContaining("PAIRBOX_WA_VERSION"),
    });
    for (const code of [
      DisconnectReason.connectionClosed,
      DisconnectReason.connectionLost,
      DisconnectReason.timedOut,
      DisconnectReason.unavailableService,
      DisconnectReason.badSession,
      599,
      undefined,
    ]) {
      expect(classifyClose(closeError(code), true)).toMatchObject({ kind: "retry", urgent: false });
    }
    expect(classifyClose(noNetwork(), true)).toEqual({ kind: "retry", reason: DNS, urgent: true });
    expect(classifyClose(new Error("connect ECONNREFUSED 157.240.0.1:443"), true)).toMatchObject({
      kind: "retry",
      urgent: true,
      reason: "Cannot reach WhatsApp: the connection was refused",
    });
  });

  test("a server failing WhatsApp's certificate check is refused at once, in words that say so", () => {
    for (const message of [
      "noise certificate signature invalid",
      "noise intermediate certificate signature invalid",
      "certification match failed",
      "invalid noise leaf certificate",
    ]) {
      expect(classifyClose(closeError(400, message), false)).toEqual({
        kind: "retry",
        urgent: true,
        reason:
          "Refused the server: its certificate is not signed by WhatsApp (something on the network may be intercepting the connection)",
      });
    }
  });

  test("back-off doubles from 1 s with jitter and is capped at 5 minutes", () => {
    expect(backoffDelay(1, () => 0)).toBe(1000);
    expect(backoffDelay(1, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(30, () => 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});

describe("WhatsApp Web version", () => {
  test("with the check off, the bundled version is used unless PAIRBOX_WA_VERSION overrides it", async () => {
    const versions: unknown[] = [];
    for (const waVersion of ["", "2.3000.1023223821"]) {
      const db = freshDb();
      const channelId = makeChannelRow(db);
      const driver = createBaileysDriver(
        { db, logger: silentLogger, clock: () => 0, config: testConfig({ waVersion }), maxMediaBytes: 1 },
        {
          socketFactory: (o) => {
            versions.push(o.version);
            return new FakeSocket(o);
          },
          timers: { set: () => () => {} },
        },
      );
      await driver.createSession(channelId, () => {}).start();
    }
    expect(versions).toEqual([BUNDLED_WA_VERSION, [2, 3000, 1023223821]]);
    expect(parseWaVersion("nonsense")).toEqual(BUNDLED_WA_VERSION);
  });
});
