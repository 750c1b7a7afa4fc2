import { describe, expect, test } from "bun:test";
import type { DriverEvent } from "../../src/whatsapp/driver.ts";
import { simulatorFixture } from "./fixtures.ts";

const of = <T extends DriverEvent["type"]>(events: DriverEvent[], type: T) =>
  events.filter((e): e is Extract<DriverEvent, { type: T }> => e.type === type);

async function connected() {
  const f = simulatorFixture();
  const s = f.session();
  await s.start();
  await f.driver.controls.scan(f.channelId);
  return { f, s };
}

describe("simulator: pairing", () => {
  test("unscanned codes expire: the channel stops pairing with a plain reason", async () => {
    const f = simulatorFixture({ qrMaxCodes: 3 });
    await f.session().start();
    f.advance(20_000 * 3);
    expect(of(f.events, "qr").length).toBe(3);
    expect(of(f.events, "status").at(-1)).toEqual({
      type: "status",
      status: "disconnected",
      reason: "QR expired: refresh to try again",
    });
    expect(f.timers.pending).toBe(0);
  });

  test("refreshing the code after expiry starts pairing over", async () => {
    const f = simulatorFixture({ qrMaxCodes: 1 });
    const s = f.session();
    await s.start();
    f.advance(20_000);
    await s.refreshQr();
    await f.driver.controls.scan(f.channelId);
    expect(f.events.slice(-2)).toEqual([
      { type: "connected", ownJid: "14155550100@s.whatsapp.net" },
      { type: "status", status: "connected", reason: "" },
    ]);
  });

  test("scan without a waiting code is refused", async () => {
    const { f } = await connected();
    await expect(f.driver.controls.scan(f.channelId)).rejects.toThrow("no code waiting");
  });
});

describe("simulator: sending", () => {
  test("sends are recorded with their payload and acknowledged sent → delivered → read", async () => {
    const { f, s } = await connected();
    const waId = await s.send("+447700900123", { type: "text", text: "Your order shipped" });
    expect(f.driver.controls.sent(f.channelId)).toEqual([
      { to: "+447700900123", payload: { type: "text", text: "Your order shipped" }, waId },
    ]);
    f.advance(0);
    expect(of(f.events, "receipt").map((r) => r.status)).toEqual(["sent"]);
    f.advance(300);
    f.advance(900);
    expect(of(f.events, "receipt").map((r) => [r.waId, r.status])).toEqual([
      [waId, "sent"],
      [waId, "delivered"],
      [waId, "read"],
    ]);
  });

  test("a number the network treats as not on WhatsApp is refused with that reason", async () => {
    const { s } = await connected();
    await expect(s.send("+447700900000", { type: "text", text: "hi" })).rejects.toThrow(
      "This number is not on WhatsApp",
    );
    expect(await s.isOnWhatsApp("+447700900000")).toBe(false);
    expect(await s.isOnWhatsApp("+447700900123")).toBe(true);
  });

  test("nothing is sent while the channel is not connected", async () => {
    const f = simulatorFixture();
    const s = f.session();
    await s.start();
    await expect(s.send("+447700900123", { type: "text", text: "hi" })).rejects.toThrow("not connected");
    expect(f.driver.controls.sent(f.channelId)).toEqual([]);
  });
});

describe("simulator: inbound messages", () => {
  test("an image with a caption: type from the mimetype, caption as text, bytes behind the media source", async () => {
    const { f } = await connected();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    const { waId } = await f.driver.controls.inject(f.channelId, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "The broken part",
      file: { bytes, fileName: "photo.jpg", mime: "image/jpeg" },
    });
    const m = of(f.events, "message").at(-1)!;
    expect(m.message).toMatchObject({
      waId,
      type: "image",
      text: "The broken part",
      media: { mime: "image/jpeg", size: 6, fileName: null },
    });
    expect(await m.media!.download()).toEqual(bytes);
  });

  test("a document keeps its file name; voice notes, audio, video and stickers by mimetype", async () => {
    const { f } = await connected();
    const send = (mime: string, fileName: string) =>
      f.driver.controls.inject(f.channelId, {
        fromPhone: "+447700900123",
        name: "Ann",
        text: "",
        file: { bytes: new Uint8Array([1]), fileName, mime },
      });
    await send("application/pdf", "Invoice 42.pdf");
    await send("audio/ogg", "voice.ogg");
    await send("audio/mpeg", "song.mp3");
    await send("video/mp4", "clip.mp4");
    await send("image/webp", "sticker.webp");
    const got = of(f.events, "message").map((m) => [m.message.type, m.message.media?.fileName ?? null]);
    expect(got).toEqual([
      ["document", "Invoice 42.pdf"],
      ["voice", null],
      ["audio", null],
      ["video", null],
      ["sticker", null],
    ]);
  });

  test("a group message is on the group's chat, from its participant", async () => {
    const { f } = await connected();
    await f.driver.controls.inject(f.channelId, {
      fromPhone: "+447700900123",
      name: "Ben",
      text: "Morning all",
      groupJid: "120363041234567890",
      groupSubject: "Site team",
      participantPhone: "+447700900555",
    });
    expect(of(f.events, "message").at(-1)!.message).toMatchObject({
      chatJid: "120363041234567890@g.us",
      kind: "group",
      senderPhone: "+447700900555",
      participantJid: "447700900555@s.whatsapp.net",
      peerPhone: null,
      groupSubject: "Site team",
      senderName: "Ben",
      text: "Morning all",
    });
  });

  test("a failed download can be fetched again by id", async () => {
    const { f, s } = await connected();
    const { waId } = await f.driver.controls.inject(f.channelId, {
      fromPhone: "+447700900123",
      name: "Ann",
      text: "",
      file: { bytes: new Uint8Array([7, 7]), fileName: "a.pdf", mime: "application/pdf" },
    });
    expect(await (await s.fetchMedia(waId))!.download()).toEqual(new Uint8Array([7, 7]));
    expect(await s.fetchMedia("unknown")).toBeNull();
  });

  test("a bad number or an empty message is refused with a reason", async () => {
    const { f } = await connected();
    await expect(
      f.driver.controls.inject(f.channelId, { fromPhone: "hello", name: "x", text: "hi" }),
    ).rejects.toThrow("From number");
    await expect(
      f.driver.controls.inject(f.channelId, { fromPhone: "+447700900123", name: "x", text: "  " }),
    ).rejects.toThrow("Write a text");
  });
});

describe("simulator: trouble", () => {
  test("a network drop reconnects by itself; a failure stays an error with its reason", async () => {
    const { f } = await connected();
    await f.driver.controls.disconnect(f.channelId);
    expect(of(f.events, "status").at(-1)?.status).toBe("disconnected");
    f.advance(1000);
    expect(f.events.slice(-2)).toEqual([
      { type: "connected", ownJid: "14155550100@s.whatsapp.net" },
      { type: "status", status: "connected", reason: "" },
    ]);
    await f.driver.controls.fail(f.channelId, "Banned by WhatsApp");
    expect(f.events.at(-1)).toEqual({ type: "status", status: "error", reason: "Banned by WhatsApp" });
  });

  test("a logout from the phone forgets the pairing: a restart needs a new code", async () => {
    const { f } = await connected();
    await f.driver.controls.logoutFromPhone(f.channelId);
    expect(of(f.events, "status").at(-1)?.status).toBe("disconnected");
    expect(f.driver.hasCredentials(f.channelId)).toBe(false);
    await f.session().start();
    expect(f.events.at(-1)?.type).toBe("qr");
  });
});
