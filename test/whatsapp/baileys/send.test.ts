import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeError, connected, makeDriverFixture, settle } from "./fixtures.ts";

describe("sending", () => {
  test("nothing is sent while not connected", async () => {
    const f = makeDriverFixture();
    await expect(f.session.send("+447700900123", { type: "text", text: "hi" })).rejects.toThrow(
      "WhatsApp is not connected on this channel",
    );
    await f.session.start();
    f.sock.open();
    f.sock.close(closeError(408, "Connection was lost"));
    await settle();
    await expect(f.session.send("+447700900123", { type: "text", text: "hi" })).rejects.toThrow(
      "WhatsApp is not connected on this channel",
    );
  });

  test("a text goes to the phone's JID, returns WhatsApp's id, and its echo is not a new message", async () => {
    const f = await connected();
    const waId = await f.session.send("+447700900123", { type: "text", text: "Your order is ready" });
    await settle();
    expect(f.sock.sent[0]).toMatchObject({
      jid: "447700900123@s.whatsapp.net",
      content: { text: "Your order is ready" },
      options: { messageId: waId },
    });
    expect(f.of("message")).toHaveLength(0);
    expect(f.of("history")).toHaveLength(0);
  });

  test("each payload type maps to Baileys content; groups and LIDs are addressed as given", async () => {
    const f = await connected();
    const file = { filePath: "/data/media/ab/cdef", fileName: "Invoice 7.pdf", caption: "" };
    await f.session.send("120363040000000001@g.us", {
      type: "image",
      mime: "image/png",
      ...file,
      caption: "Look",
    });
    await f.session.send("11122233344455@lid", { type: "voice", mime: "audio/ogg", ...file });
    await f.session.send("+447700900123", { type: "audio", mime: "audio/mp3", ...file });
    await f.session.send("+447700900123", { type: "video", mime: "video/mp4", ...file });
    await f.session.send("+447700900123", {
      type: "document",
      mime: "application/pdf",
      ...file,
      caption: "Attached",
    });
    await f.session.send("+447700900123", { type: "sticker", mime: "image/webp", ...file });
    const url = { url: "/data/media/ab/cdef" };
    expect(f.sock.sent.map((s) => [s.jid, s.content])).toEqual([
      ["120363040000000001@g.us", { image: url, caption: "Look", mimetype: "image/png" }],
      ["11122233344455@lid", { audio: url, ptt: true, mimetype: "audio/ogg; codecs=opus" }],
      ["447700900123@s.whatsapp.net", { audio: url, mimetype: "audio/mpeg" }],
      ["447700900123@s.whatsapp.net", { video: url, caption: undefined, mimetype: "video/mp4" }],
      [
        "447700900123@s.whatsapp.net",
        { document: url, fileName: "Invoice 7.pdf", mimetype: "application/pdf", caption: "Attached" },
      ],
      ["447700900123@s.whatsapp.net", { sticker: url, mimetype: "image/webp" }],
    ] as never);
  });

  test("a recipient that is neither a phone nor a chat is refused before sending", async () => {
    const f = await connected();
    await expect(f.session.send("07700 900123", { type: "text", text: "x" })).rejects.toThrow(
      "Not a phone number in international format",
    );
    expect(f.sock.sent).toHaveLength(0);
  });

  test("a send WhatsApp refuses rejects with plain words", async () => {
    const f = await connected();
    f.sock.sendError = Object.assign(new Error("Timed Out"), { output: { statusCode: 408 } });
    await expect(f.session.send("+447700900123", { type: "text", text: "x" })).rejects.toThrow(
      "WhatsApp did not answer in time: try again",
    );
  });

  test("WhatsApp's retry request for a sent message is answered from the store", async () => {
    const f = await connected();
    const waId = await f.session.send("+447700900123", { type: "text", text: "Keep this" });
    const answer = await f.sock.options.getMessage({
      remoteJid: "447700900123@s.whatsapp.net",
      id: waId,
      fromMe: true,
    });
    expect(answer?.conversation).toBe("Keep this");
    expect(await f.sock.options.getMessage({ id: "NOPE" })).toBeUndefined();
  });

  test("isOnWhatsApp asks the socket", async () => {
    const f = await connected();
    f.sock.onWhatsAppResult = [{ jid: "447700900123@s.whatsapp.net", exists: true }];
    expect(await f.session.isOnWhatsApp("+447700900123")).toBe(true);
    f.sock.onWhatsAppResult = [];
    expect(await f.session.isOnWhatsApp("+447700900124")).toBe(false);
  });

  test("a file's upload gets a deadline by its size; a send WhatsApp never confirms gives up in plain words", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-send-"));
    const filePath = join(dir, "f");
    writeFileSync(filePath, new Uint8Array(256 * 1024));
    try {
      const f = await connected({
        timeouts: { baseMs: 1_000, minBytesPerSecond: 128 * 1024, sendMarginMs: 50 },
      });
      await f.session.send("+447700900123", {
        type: "document",
        mime: "application/pdf",
        filePath,
        fileName: "a.pdf",
        caption: "",
      });
      // 1 s plus 256 KB at 128 KB/s.
      expect(f.sock.sent[0]!.options).toMatchObject({ mediaUploadTimeoutMs: 3_000 });
      f.sock.sendMessage = () => new Promise(() => {});
      await expect(f.session.send("+447700900123", { type: "text", text: "hello?" })).rejects.toThrow(
        "WhatsApp did not confirm the message in time: it may still arrive, so check with the recipient before retrying",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
