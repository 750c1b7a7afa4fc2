import { afterEach, describe, expect, test } from "bun:test";
import { findChannel } from "../../src/channels/store.ts";
import { BUNDLED_WA_VERSION } from "../../src/whatsapp/baileys/socket.ts";
import {
  addChannelByForm,
  pairChannel,
  shownQr,
  shownStatus,
  startScene,
  waitUntil,
  type Scene,
} from "./harness.ts";

/**
 * Pairing and reconnecting, end to end: Pairbox's real Baileys driver against the WhatsApp Web
 * emulator (test/wa-server), through the channel pages.
 */

const PHONE = "+14155550100";
let scene: Scene | null = null;
afterEach(async () => {
  await scene?.close();
  scene = null;
});

describe("pairing a number with WhatsApp", () => {
  test("scanning the code the channel page shows links the device and the page says Connected", async () => {
    scene = await startScene();
    const channelId = await pairChannel(scene, PHONE);
    const [device] = scene.wa.account(PHONE).linkedDevices();
    expect(device).toMatch(/^14155550100:\d+@s\.whatsapp\.net$/);
    expect(findChannel(scene.pb.db, channelId)).toMatchObject({
      status: "connected",
      wa_jid: "14155550100@s.whatsapp.net",
      qr: null,
    });
    // After the scan WhatsApp asks for a restart (515); the device then logged in with its new keys.
    expect(scene.wa.events.some((e) => e.type === "stream-error" && e.code === 515)).toBe(true);
    expect(scene.wa.events.some((e) => e.type === "login" && e.jid === device)).toBe(true);
    expect(scene.wa.errors()).toEqual([]);
    // Tests never ask web.whatsapp.com: the page says which version is announced, and why.
    const page = await (await scene.pb.request(`/channels/${channelId}`, { session: scene.admin })).text();
    expect(page).toContain(
      `WhatsApp Web ${BUNDLED_WA_VERSION.join(".")} (the version bundled with Baileys: checking for the latest is off (PAIRBOX_WA_VERSION_CHECK))`,
    );
  });

  test("after a restart the channel reconnects with its saved keys, without a new QR code", async () => {
    scene = await startScene();
    const channelId = await pairChannel(scene, PHONE);
    const [device] = scene.wa.account(PHONE).linkedDevices();
    const registrationsBefore = scene.wa.events.filter((e) => e.type === "registration").length;
    const logins = () => scene!.wa.events.filter((e) => e.type === "login" && e.jid === device).length;
    expect(logins()).toBe(1);

    await scene.restart();
    await waitUntil("a second login of the same device", () => logins() === 2);
    await waitUntil(
      "the channel page to show Connected again",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "connected",
    );
    expect(await shownQr(scene.pb, scene.admin, channelId)).toBeNull();
    expect(scene.wa.events.filter((e) => e.type === "registration").length).toBe(registrationsBefore);
    expect(scene.wa.account(PHONE).linkedDevices()).toEqual([device!]);
  });

  test("a server whose certificate chain is not signed by WhatsApp is refused: Error, and no connection", async () => {
    scene = await startScene({ certificate: "forged" });
    const channelId = await addChannelByForm(scene, PHONE);
    await waitUntil(
      "the channel page to show Error",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "error",
    );
    const page = await (await scene.pb.request(`/channels/${channelId}`, { session: scene.admin })).text();
    expect(page).toContain("not signed by WhatsApp");
    // The client hung up during the handshake: it never said who it was, let alone asked to pair.
    const events = scene.wa.events;
    expect(events.some((e) => e.type === "closed" && !e.established)).toBe(true);
    expect(events.some((e) => e.type === "closed" && e.established)).toBe(false);
    expect(events.some((e) => e.type === "registration")).toBe(false);
    expect(await shownQr(scene.pb, scene.admin, channelId)).toBeNull();

    // The same server with the trusted chain: the next attempt gets through and shows a code.
    scene.wa.useCertificate("trusted");
    expect(
      await waitUntil("a QR code once the chain is trusted", () =>
        shownQr(scene!.pb, scene!.admin, channelId),
      ),
    ).toContain("https://wa.me/settings/linked_devices#");
  });

  test("a phone whose account signature does not verify is refused: no device is linked", async () => {
    scene = await startScene();
    const channelId = await addChannelByForm(scene, PHONE);
    const qr = await waitUntil("the QR code", () => shownQr(scene!.pb, scene!.admin, channelId));
    const phone = scene.wa.account(PHONE);
    await expect(phone.scanQr(qr, { tamper: "account-signature" })).rejects.toThrow(
      /did not (answer|sign)|closed/,
    );
    expect(phone.linkedDevices()).toEqual([]);
    expect(await shownStatus(scene.pb, scene.admin, channelId)).not.toBe("connected");
  });
});

describe("staying connected", () => {
  const logins = (s: Scene) => s.wa.events.filter((e) => e.type === "login").length;

  test("a restart WhatsApp asks for (515) and a dropped connection are both reconnected without a QR code", async () => {
    scene = await startScene();
    const channelId = await pairChannel(scene, PHONE);
    const before = logins(scene);
    expect(scene.wa.kick(515)).toBe(1);
    await waitUntil("a login after the restart request", () => logins(scene!) === before + 1);
    expect(scene.wa.dropConnections()).toBe(1);
    await waitUntil("a login after the dropped connection", () => logins(scene!) === before + 2);
    await waitUntil(
      "Connected again",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "connected",
    );
    expect(scene.wa.events.filter((e) => e.type === "registration").length).toBe(1);
  });

  test("the phone removing the linked device (401) signs the channel out and wipes its keys", async () => {
    scene = await startScene();
    const channelId = await pairChannel(scene, PHONE);
    scene.wa.account(PHONE).unlinkAll();
    await waitUntil(
      "Disconnected",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "disconnected",
    );
    const page = await (await scene.pb.request(`/channels/${channelId}`, { session: scene.admin })).text();
    expect(page).toContain("Logged out from the phone");
    const keys = scene.pb.db
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM wa_auth_keys WHERE channel_id = ?")
      .get(channelId);
    expect(keys?.n).toBe(0);
  });
});
