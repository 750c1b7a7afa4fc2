import { afterEach, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { FLAPPING_REASON } from "../../src/whatsapp/baileys/reconnect.ts";
import { pairChannel, shownStatus, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * Staying connected when the server misbehaves, end to end: a server that drops every login right
 * after it succeeded, and another client taking the device over (440). Back-off bounds are scaled
 * down (100 ms to 800 ms) so the test does in seconds what production does in minutes.
 */

const PHONE = "+14155550100";
const BOUNDS = { minMs: 100, maxMs: 800, stableMs: 60_000 };
let scene: Scene | null = null;
afterEach(async () => {
  await scene?.close();
  scene = null;
});

const page = async (s: Scene, channelId: number) =>
  (await s.pb.request(`/channels/${channelId}`, { session: s.admin })).text();
const logins = (s: Scene) => s.wa.events.filter((e) => e.type === "login").length;

describe("a connection that drops right after every login", () => {
  test("is retried less and less often, up to the cap, and the channel page says it keeps dropping", async () => {
    scene = await startScene({ driver: { reconnect: BOUNDS } });
    const channelId = await pairChannel(scene, PHONE);
    const flapping = scene.wa.dropEachLogin();
    // The connection paired on is up: the first drop comes with the next login.
    scene.wa.dropConnections();
    await waitUntil(
      "six drops right after login",
      () => flapping.drops.filter((d) => d.backAt).length >= 6,
      20_000,
    );
    await waitUntil("the page to say the connection keeps dropping", async () =>
      (await page(scene!, channelId)).includes(FLAPPING_REASON.split(":")[0]!),
    );
    flapping.stop();
    const gaps = flapping.drops.flatMap((d) => (d.backAt ? [d.backAt - d.at] : []));
    // Jittered over the upper half of 100, 200, 400, 800, 800 ms: a count that reset at each open
    // would wait the 100 ms floor every time.
    expect(gaps[0]!).toBeLessThan(400);
    expect(Math.min(...gaps.slice(3, 6))).toBeGreaterThanOrEqual(400);
    expect(Math.max(...gaps)).toBeLessThan(BOUNDS.maxMs + 300);

    // A well-behaved server again: the next login stays up and hands over the offline queue,
    // which counts as a success, so the drop after it is retried from the 100 ms floor.
    await waitUntil(
      "Connected once the server stops dropping",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "connected",
      10_000,
    );
    await scene.wa.waitFor((e) => e.type === "offline-delivered" && e.count >= 0 && e);
    const before = logins(scene);
    const lastConn = Math.max(...scene.wa.events.flatMap((e) => (e.type === "connection" ? [e.conn] : [])));
    const cut = Date.now();
    scene.wa.dropConnections();
    // Timed as the emulator sees the client connect again: the back-off, not the handshake after it.
    const backAt = await scene.wa.waitFor((e) => e.type === "connection" && e.conn > lastConn && Date.now());
    expect(backAt - cut).toBeLessThan(400);
    await waitUntil("a login after the cut", () => logins(scene!) > before);
    expect(scene.wa.events.filter((e) => e.type === "registration").length).toBe(1);
  });
});

describe("another client taking the device over", () => {
  test("440: the channel stops reconnecting, says another session took over, and Reconnect logs in again", async () => {
    scene = await startScene({ driver: { reconnect: { ...BOUNDS, minMs: 10 } } });
    const channelId = await pairChannel(scene, PHONE);
    const connections = () => scene!.wa.events.filter((e) => e.type === "connection").length;
    const before = connections();
    expect(scene.wa.kick(440)).toBe(1);
    await waitUntil(
      "Error on the channel page",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "error",
    );
    expect(await page(scene, channelId)).toContain("Another WhatsApp Web session took over this device");

    const res = await postForm(scene.pb, `/channels/${channelId}/reconnect`, scene.admin, {});
    expect(res.status).toBe(303);
    await waitUntil(
      "Connected after Reconnect",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "connected",
    );
    // One connection since the takeover, the one Reconnect made: the channel did not fight back.
    expect(connections()).toBe(before + 1);
    expect(scene.wa.events.filter((e) => e.type === "registration").length).toBe(1);
  });
});
