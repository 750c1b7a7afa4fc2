import { describe, expect, test } from "bun:test";
import { DisconnectReason } from "@whiskeysockets/baileys";
import { FAILURES_BEFORE_ERROR } from "../../../src/whatsapp/baileys/disconnect.ts";
import { DEFAULT_RECONNECT, FLAPPING_REASON } from "../../../src/whatsapp/baileys/reconnect.ts";
import { closeError, makeDriverFixture, settle, SIGNED_ACCOUNT } from "./fixtures.ts";

/**
 * Reconnecting: a connection that drops right after it opens backs off (it is not a success), one
 * auth state serves every socket of a session, and the caches Baileys keeps per socket survive.
 */

const dropped = () => closeError(DisconnectReason.connectionClosed, "Connection Closed");

/** Opens the current socket and drops it at once; returns the delay of the retry it causes. */
async function flap(f: ReturnType<typeof makeDriverFixture>): Promise<number> {
  f.sock.open();
  await settle();
  f.sock.close(dropped());
  await settle();
  const retries = f.timers.live().filter((t) => t.ms !== DEFAULT_RECONNECT.stableMs);
  expect(retries).toHaveLength(1);
  const delay = retries[0]!.ms;
  f.timers.fire(delay);
  return delay;
}

describe("a flapping connection", () => {
  test("opening and dropping at once, again and again, backs off further each time, up to the cap", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) delays.push(await flap(f));
    // random() is 0.5 in the fixture: three quarters of each doubled ceiling, 1 s at the least.
    expect(delays.slice(0, 6)).toEqual([1000, 1500, 3000, 6000, 12_000, 24_000]);
    expect(Math.max(...delays)).toBe(DEFAULT_RECONNECT.maxMs * 0.75);
    expect(f.statuses().at(-1)).toBe(`error: ${FLAPPING_REASON}`);
    // No timer of an old socket is left behind: one retry at a time, the "stayed up" timer gone.
    expect(f.timers.live()).toHaveLength(0);
  });

  test(`the channel says it is flapping once ${FAILURES_BEFORE_ERROR} drops in a row failed`, async () => {
    const f = makeDriverFixture();
    await f.session.start();
    for (let i = 1; i < FAILURES_BEFORE_ERROR; i++) await flap(f);
    expect(f.statuses().some((s) => s.startsWith("error"))).toBe(false);
    await flap(f);
    expect(f.statuses().at(-1)).toBe(`error: ${FLAPPING_REASON}`);
  });

  test("once the offline queue arrived the connection counts as up: the next drop retries after 1 s", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    for (let i = 0; i < 4; i++) await flap(f);
    f.sock.open();
    f.sock.emit("connection.update", { receivedPendingNotifications: true });
    await settle();
    expect(f.timers.live()).toHaveLength(0);
    f.sock.close(dropped());
    await settle();
    expect(f.timers.live().map((t) => t.ms)).toEqual([1000]);
    expect(f.statuses().at(-1)).toBe("disconnected: Connection to WhatsApp lost: reconnecting");
  });

  test("a connection open for a minute counts as up even without the offline queue", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    for (let i = 0; i < 4; i++) await flap(f);
    f.sock.open();
    await settle();
    f.timers.fire(DEFAULT_RECONNECT.stableMs);
    f.sock.close(dropped());
    await settle();
    expect(f.timers.live().map((t) => t.ms)).toEqual([1000]);
  });

  test("another client taking over (440) stops reconnecting and says why", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    f.sock.open();
    await settle();
    f.sock.close(closeError(DisconnectReason.connectionReplaced, "Stream Errored (conflict)"));
    await settle();
    expect(f.statuses().at(-1)).toStartWith("error: Another WhatsApp Web session took over this device");
    expect(f.timers.live()).toHaveLength(0);
    expect(f.sockets).toHaveLength(1);
  });
});

describe("one auth state per session", () => {
  test("every reconnect's socket gets the same auth state and the same caches", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    await flap(f);
    await flap(f);
    const [a, b, c] = f.sockets.map((s) => s.options);
    expect(b!.auth).toBe(a!.auth);
    expect(c!.auth.keys).toBe(a!.auth.keys);
    // How often a message was retried survives a reconnect, so a broken one cannot retry for ever.
    await a!.msgRetryCounterCache.set("3EB0AA", 3);
    expect(await c!.msgRetryCounterCache.get("3EB0AA")).toBe(3);
    expect(c!.userDevicesCache).toBe(a!.userDevicesCache);
  });

  test("a creds update from the socket that was just replaced is saved and seen by the next one", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    const first = f.sock;
    first.close(dropped());
    await settle();
    // Baileys finishes handing over what it had (the account a pairing signed) after the close.
    first.emit("creds.update", { me: { id: "14155550100:7@s.whatsapp.net" }, account: SIGNED_ACCOUNT });
    await settle();
    expect(f.driver.hasCredentials(f.channelId)).toBe(true);
    f.timers.fireNext();
    expect(f.sockets).toHaveLength(2);
    expect(f.sock.options.auth.creds.me?.id).toBe("14155550100:7@s.whatsapp.net");
  });

  test("after a logout the old socket's late creds do not bring the wiped identity back", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    const first = f.sock;
    first.emit("creds.update", { me: { id: "14155550100:7@s.whatsapp.net" }, account: SIGNED_ACCOUNT });
    first.open();
    await settle();
    await f.session.logout();
    first.emit("creds.update", { me: { id: "14155550100:7@s.whatsapp.net" }, account: SIGNED_ACCOUNT });
    await settle();
    expect(f.driver.hasCredentials(f.channelId)).toBe(false);
    await f.session.refreshQr();
    expect(f.sock.options.auth.creds.me).toBeUndefined();
    expect(f.sock.options.auth).not.toBe(first.options.auth);
  });
});
