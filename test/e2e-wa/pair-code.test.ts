import { afterEach, describe, expect, test } from "bun:test";
import { findChannel } from "../../src/channels/store.ts";
import { postForm } from "../helpers/app.ts";
import { addChannelByForm, shownQr, shownStatus, startScene, waitUntil, type Scene } from "./harness.ts";

/**
 * Linking without a QR code: the channel page's "Link with phone number instead" asks Baileys for a
 * pairing code, the emulated phone types it (the companion-registration exchange), and the channel
 * connects. And an account WhatsApp asks for a passkey: the page says so instead of a QR that
 * silently never links.
 */

const PHONE = "+14155550180";
let scene: Scene | null = null;
afterEach(async () => {
  await scene?.close();
  scene = null;
});

async function pendingChannel(s: Scene): Promise<number> {
  const id = await addChannelByForm(s, PHONE);
  await waitUntil("the QR code on the channel page", () => shownQr(s.pb, s.admin, id));
  return id;
}

describe("pairing by phone code", () => {
  test("the code the page shows, typed on the phone, links the number", async () => {
    scene = await startScene();
    const channelId = await pendingChannel(scene);
    const channel = await (await scene.pb.request(`/channels/${channelId}`, { session: scene.admin })).text();
    expect(channel).toContain(`href="/channels/${channelId}/pair-code"`);

    const res = await postForm(scene.pb, `/channels/${channelId}/pair-code`, scene.admin, { phone: PHONE });
    expect(res.status).toBe(200);
    const html = await res.text();
    const code = /data-code="([A-Z0-9]{8})"/.exec(html)?.[1];
    expect(code).toBeDefined();
    expect(html).toContain(`${code!.slice(0, 4)}-${code!.slice(4)}`);
    await scene.wa.waitFor((e) => e.type === "pairing-code" && e.stage === "companion_hello", {
      what: "Baileys' companion_hello",
    });
    // Asking for a code sets creds.me at once: the channel must not count as paired until the phone said yes.
    expect(await shownStatus(scene.pb, scene.admin, channelId)).toBe("pending");

    const device = await scene.wa.account(PHONE).enterPairingCode(`${code!.slice(0, 4)}-${code!.slice(4)}`);
    expect(device).toMatch(/^14155550180:\d+@s\.whatsapp\.net$/);
    await waitUntil(
      "the channel page to show Connected",
      async () => (await shownStatus(scene!.pb, scene!.admin, channelId)) === "connected",
    );
    expect(findChannel(scene.pb.db, channelId)).toMatchObject({ wa_jid: "14155550180@s.whatsapp.net" });
    expect(scene.wa.events.some((e) => e.type === "login" && e.jid === device)).toBe(true);
    expect(scene.wa.errors()).toEqual([]);
  });

  test("a wrong code does not link the number", async () => {
    scene = await startScene();
    const channelId = await pendingChannel(scene);
    const res = await postForm(scene.pb, `/channels/${channelId}/pair-code`, scene.admin, { phone: PHONE });
    const code = /data-code="([A-Z0-9]{8})"/.exec(await res.text())![1]!;
    await scene.wa.waitFor((e) => e.type === "pairing-code" && e.stage === "companion_hello", {
      what: "Baileys' companion_hello",
    });
    const wrong = code.startsWith("A") ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    await expect(scene.wa.account(PHONE).enterPairingCode(wrong)).rejects.toThrow(/incorrect code/);
    expect(scene.wa.account(PHONE).linkedDevices()).toEqual([]);
    expect(await shownStatus(scene.pb, scene.admin, channelId)).toBe("pending");
    // The server refused companion_finish, so Baileys never marked itself registered.
    const registered = scene.pb.db
      .query<{ registered: number }, [number]>("SELECT registered FROM wa_auth_creds WHERE channel_id = ?")
      .get(channelId);
    expect(registered?.registered ?? 0).toBe(0);
  });

  test("a number that is not the channel's is refused next to the field", async () => {
    scene = await startScene();
    const channelId = await pendingChannel(scene);
    const res = await postForm(scene.pb, `/channels/${channelId}/pair-code`, scene.admin, {
      phone: "+442071838750",
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`This channel is ${PHONE}: enter that number.`);
    expect(scene.wa.events.some((e) => e.type === "pairing-code")).toBe(false);
  });
});

describe("an account that demands a passkey", () => {
  test("the channel page says what happened and what to do, instead of a QR that never links", async () => {
    scene = await startScene();
    const channelId = await pendingChannel(scene);
    const qr = (await shownQr(scene.pb, scene.admin, channelId))!;
    scene.wa.account(PHONE).scanQrDemandingPasskey(qr);
    const page = await waitUntil("the passkey explanation on the channel page", async () => {
      const html = await (
        await scene!.pb.request(`/channels/${channelId}/state`, { session: scene!.admin })
      ).text();
      return html.includes('id="passkey-problem"') && html;
    });
    expect(page).toContain("WhatsApp asks this account for a passkey to link a device.");
    expect(page).toContain("cannot answer");
    expect(findChannel(scene.pb.db, channelId)?.pairing_problem).toBe("passkey");
    expect(scene.wa.account(PHONE).linkedDevices()).toEqual([]);
  });
});
