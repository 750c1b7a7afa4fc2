import { describe, expect, test } from "bun:test";
import { proto, type WAMessage } from "@whiskeysockets/baileys";
import { loadRawMessage } from "../../../src/whatsapp/baileys/cache-store.ts";
import { HISTORY_BATCH } from "../../../src/whatsapp/baileys/inbound.ts";
import { MediaHttpError } from "../../../src/whatsapp/baileys/media-fetch.ts";
import { connected, makeDriverFixture, settle, waMessage } from "./fixtures.ts";

async function collect(source: unknown): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of source as AsyncIterable<Uint8Array>) out.push(...chunk);
  return out;
}

describe("inbound messages", () => {
  test("a notify upsert becomes one message event per message, in order, with activity", async () => {
    const f = await connected();
    f.advance(10_000);
    const a = waMessage({ conversation: "first" });
    const b = waMessage({ conversation: "second" });
    f.sock.emit("messages.upsert", { messages: [a, b], type: "notify" });
    await settle();
    expect(f.of("message").map((e) => e.message.text)).toEqual(["first", "second"]);
    expect(f.of("message")[0]!.message).toMatchObject({
      channelId: f.channelId,
      waId: a.key.id,
      senderPhone: "+447700900123",
    });
    expect(f.of("message")[0]!.media).toBeNull();
    expect(f.of("activity").length).toBe(2);
  });

  test("status updates and reactions never become messages", async () => {
    const f = await connected();
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [
        waMessage(
          { conversation: "my status" },
          { key: { remoteJid: "status@broadcast", participant: "447700900123@s.whatsapp.net" } },
        ),
        waMessage({ reactionMessage: { key: { id: "X" }, text: "❤️" } }),
      ],
    });
    await settle();
    expect(f.of("message")).toHaveLength(0);
  });

  test("a message typed on the phone arrives as outbound from the phone", async () => {
    const f = await connected();
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ conversation: "typed on phone" }, { key: { fromMe: true } })],
    });
    await settle();
    expect(f.of("message")[0]!.message).toMatchObject({
      direction: "outbound",
      fromPhone: true,
      senderPhone: "+14155550100",
      peerPhone: "+447700900123",
    });
  });

  test("history arrives as history, in batches, never as live messages", async () => {
    const f = await connected();
    const messages = Array.from({ length: HISTORY_BATCH * 2 + 10 }, (_, i) =>
      waMessage({ conversation: `old ${i}` }),
    );
    f.sock.emit("messaging-history.set", {
      chats: [{ id: "120363040000000001@g.us", name: "Old group" }],
      contacts: [],
      messages,
      isLatest: true,
    });
    await settle();
    expect(f.of("message")).toHaveLength(0);
    const batches = f.of("history");
    expect(batches.map((b) => b.messages.length)).toEqual([HISTORY_BATCH, HISTORY_BATCH, 10]);
    expect(batches[0]!.messages[0]!.message).toMatchObject({ text: "old 0", history: true });
    expect(f.of("group")).toEqual([
      { type: "group", groupJid: "120363040000000001@g.us", subject: "Old group", participantCount: null },
    ]);
  });

  test("an append upsert (the offline queue at login) is live, not history", async () => {
    const f = await connected();
    f.sock.emit("messages.upsert", { type: "append", messages: [waMessage({ conversation: "while away" })] });
    await settle();
    expect(f.of("history")).toHaveLength(0);
    expect(f.of("message").map((e) => [e.message.text, e.message.history ?? false])).toEqual([
      ["while away", false],
    ]);
  });
});

describe("LIDs", () => {
  test("a message typed on our phone to a LID chat: Baileys' alt (our own number) is no pair; the peer comes from its LID store", async () => {
    const f = makeDriverFixture();
    await f.session.start();
    f.sock.open("14155550100:2@s.whatsapp.net", "99988877766655:2@lid");
    await settle();
    f.sock.lidToPn.set("11122233344455@lid", "447700900888@s.whatsapp.net");
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [
        waMessage(
          { conversation: "on my way" },
          // What rc14 hands over for our own send: remoteJidAlt carries the sender's (our) number.
          {
            key: {
              remoteJid: "11122233344455@lid",
              remoteJidAlt: "14155550100@s.whatsapp.net",
              fromMe: true,
            },
          },
        ),
        waMessage(
          { conversation: "echo of our LID" },
          { key: { remoteJid: "99988877766655@lid", remoteJidAlt: "447700900999@s.whatsapp.net" } },
        ),
      ],
    });
    await settle();
    expect(f.of("lid")).toEqual([{ type: "lid", lid: "11122233344455@lid", phone: "+447700900888" }]);
    expect(f.of("message")[0]!.message).toMatchObject({ peerPhone: "+447700900888", direction: "outbound" });
  });

  test("a LID sender with its phone alongside: mapping learned, persisted and announced once", async () => {
    const f = await connected();
    const key = { remoteJid: "11122233344455@lid", remoteJidAlt: "447700900777@s.whatsapp.net" };
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ conversation: "a" }, { key }), waMessage({ conversation: "b" }, { key })],
    });
    await settle();
    expect(f.of("lid")).toEqual([{ type: "lid", lid: "11122233344455@lid", phone: "+447700900777" }]);
    expect(f.of("message").map((e) => e.message.senderPhone)).toEqual(["+447700900777", "+447700900777"]);
  });

  test("a LID sender with no phone keeps the LID; the phone fills in when the mapping arrives", async () => {
    const f = await connected();
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ conversation: "who am I" }, { key: { remoteJid: "55566677788899@lid" } })],
    });
    await settle();
    expect(f.of("message")[0]!.message).toMatchObject({
      senderPhone: null,
      senderLid: "55566677788899@lid",
      peerLid: "55566677788899@lid",
      peerPhone: null,
    });
    f.sock.emit("lid-mapping.update", { lid: "55566677788899@lid", pn: "447700900999@s.whatsapp.net" });
    await settle();
    expect(f.of("lid")).toEqual([{ type: "lid", lid: "55566677788899@lid", phone: "+447700900999" }]);
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ conversation: "again" }, { key: { remoteJid: "55566677788899@lid" } })],
    });
    await settle();
    expect(f.of("message")[1]!.message).toMatchObject({
      senderPhone: "+447700900999",
      peerPhone: "+447700900999",
    });
  });

  test("Baileys' own LID store is asked when the message has no phone", async () => {
    const f = await connected();
    f.sock.lidToPn.set("12121212121212@lid", "447700900321:0@s.whatsapp.net");
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ conversation: "hi" }, { key: { remoteJid: "12121212121212@lid" } })],
    });
    await settle();
    expect(f.of("message")[0]!.message.senderPhone).toBe("+447700900321");
    expect(f.of("lid")).toEqual([{ type: "lid", lid: "12121212121212@lid", phone: "+447700900321" }]);
  });

  test("contacts that carry both a LID and a number teach the pair", async () => {
    const f = await connected();
    f.sock.emit("contacts.upsert", [
      { id: "42424242424242@lid", phoneNumber: "447700900424@s.whatsapp.net", notify: "Kim" },
    ]);
    f.sock.emit("contacts.update", [
      { id: "447700900425@s.whatsapp.net", lid: "42424242424243@lid" },
      { id: "447700900426@s.whatsapp.net" },
    ]);
    await settle();
    expect(f.of("lid")).toEqual([
      { type: "lid", lid: "42424242424242@lid", phone: "+447700900424" },
      { type: "lid", lid: "42424242424243@lid", phone: "+447700900425" },
    ]);
  });

  test("history brings LID pairs with it", async () => {
    const f = await connected();
    f.sock.emit("messaging-history.set", {
      chats: [],
      contacts: [],
      messages: [],
      lidPnMappings: [{ lid: "31313131313131@lid", pn: "447700900313@s.whatsapp.net" }],
    });
    await settle();
    expect(f.of("lid")).toEqual([{ type: "lid", lid: "31313131313131@lid", phone: "+447700900313" }]);
  });
});

describe("groups", () => {
  const group = "120363040000000001@g.us";
  const fromMember = (text: string) =>
    waMessage(
      { conversation: text },
      { key: { remoteJid: group, participant: "447700900555@s.whatsapp.net" } },
    );

  test("a new group's first message is handed over at once, its subject follows; later messages use the cache", async () => {
    const f = await connected();
    f.sock.groups.set(group, { subject: "Spring fair team", size: 12 });
    f.sock.emit("messages.upsert", { type: "notify", messages: [fromMember("one")] });
    await settle();
    f.sock.emit("messages.upsert", { type: "notify", messages: [fromMember("two")] });
    await settle();
    expect(f.sock.groupQueries).toEqual([group]);
    expect(f.events.filter((e) => e.type === "message" || e.type === "group").map((e) => e.type)).toEqual([
      "message",
      "group",
      "message",
    ]);
    expect(f.of("message").map((e) => [e.message.groupSubject, e.message.groupSize])).toEqual([
      [null, null],
      ["Spring fair team", 12],
    ]);
    expect(f.of("group")).toEqual([
      { type: "group", groupJid: group, subject: "Spring fair team", participantCount: 12 },
    ]);
  });

  test("a group whose metadata cannot be had still delivers its messages, and is not asked about again at once", async () => {
    const f = await connected();
    f.sock.emit("messages.upsert", { type: "notify", messages: [fromMember("one")] });
    await settle();
    f.sock.emit("messages.upsert", { type: "notify", messages: [fromMember("two")] });
    await settle();
    expect(f.of("message")[0]!.message).toMatchObject({
      kind: "group",
      groupSubject: null,
      senderPhone: "+447700900555",
    });
    expect(f.sock.groupQueries).toEqual([group]);
    f.advance(11 * 60 * 1000);
    f.sock.groups.set(group, { subject: "Found it" });
    f.sock.emit("messages.upsert", { type: "notify", messages: [fromMember("three")] });
    await settle();
    expect(f.of("group").map((g) => g.subject)).toEqual(["Found it"]);
    f.sock.emit("messages.upsert", { type: "notify", messages: [fromMember("four")] });
    await settle();
    expect(f.of("message")[3]!.message.groupSubject).toBe("Found it");
  });

  test("a group's member list teaches its members' LIDs, never our own", async () => {
    const f = await connected();
    f.sock.emit("groups.upsert", [
      {
        id: group,
        subject: "Fair",
        owner: undefined,
        participants: [
          { id: "11122233344455@lid", phoneNumber: "447700900777@s.whatsapp.net" },
          { id: "447700900778@s.whatsapp.net", lid: "11122233344466@lid" },
          { id: "99988877766655@lid", phoneNumber: "14155550100@s.whatsapp.net" },
        ],
      },
    ]);
    await settle();
    expect(f.of("lid")).toEqual([
      { type: "lid", lid: "11122233344455@lid", phone: "+447700900777" },
      { type: "lid", lid: "11122233344466@lid", phone: "+447700900778" },
    ]);
  });

  test("a subject change is announced with the known size", async () => {
    const f = await connected();
    f.sock.emit("groups.upsert", [{ id: group, subject: "Fair", participants: [], size: 5 } as never]);
    f.sock.emit("groups.update", [{ id: group, subject: "Summer fair" }]);
    f.sock.emit("groups.update", [{ id: group, subject: "Summer fair" }]);
    await settle();
    expect(f.of("group").map((g) => [g.subject, g.participantCount])).toEqual([
      ["Fair", 5],
      ["Summer fair", 5],
    ]);
  });
});

describe("group subjects", () => {
  const group = "120363040000000001@g.us";
  test("a subject with bidi controls is cached and announced without them", async () => {
    const f = await connected();
    f.sock.groups.set(group, { subject: "\u202eriaf gnirpS", size: 3 });
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [
        waMessage(
          { conversation: "one" },
          { key: { remoteJid: group, participant: "447700900555@s.whatsapp.net" } },
        ),
      ],
    });
    await settle();
    f.sock.emit("groups.update", [{ id: group, subject: "\u2066Summer\u2069 fair" }]);
    await settle();
    expect(f.of("group").map((g) => g.subject)).toEqual(["riaf gnirpS", "Summer fair"]);
  });
});

describe("receipts", () => {
  test("a group's receipts name the member; those Baileys folded into our send's echo still count", async () => {
    const f = await connected();
    const group = "120363040000000001@g.us";
    const waId = await f.session.send(group, { type: "text", text: "Meeting at 5" });
    const key = { remoteJid: group, fromMe: true, id: waId };
    const echo = proto.WebMessageInfo.fromObject({
      key,
      message: { conversation: "Meeting at 5" },
      userReceipt: [{ userJid: "447700900555@s.whatsapp.net", receiptTimestamp: 1_700_000_001 }],
    }) as WAMessage;
    f.sock.emit("messages.upsert", { type: "append", messages: [echo] });
    f.sock.emit("message-receipt.update", [
      {
        key: { ...key, participant: "447700900666@s.whatsapp.net" },
        receipt: { userJid: "447700900666@s.whatsapp.net", readTimestamp: 1_700_000_002 },
      },
    ]);
    await settle();
    expect(f.of("receipt")).toEqual([
      { type: "receipt", waId, status: "delivered", member: "447700900555@s.whatsapp.net" },
      { type: "receipt", waId, status: "read", member: "447700900666@s.whatsapp.net" },
    ]);
    expect(f.of("message")).toHaveLength(0);
  });

  test("status updates and recipients' receipts of our messages become receipts", async () => {
    const f = await connected();
    const key = { remoteJid: "447700900123@s.whatsapp.net", fromMe: true, id: "3EB0OURS" };
    f.sock.emit("messages.update", [
      { key, update: { status: proto.WebMessageInfo.Status.SERVER_ACK } },
      { key, update: { status: proto.WebMessageInfo.Status.DELIVERY_ACK } },
      { key: { ...key, fromMe: false, id: "THEIRS" }, update: { status: proto.WebMessageInfo.Status.READ } },
      { key, update: { status: proto.WebMessageInfo.Status.ERROR } },
    ]);
    f.sock.emit("message-receipt.update", [
      { key, receipt: { userJid: "447700900123@s.whatsapp.net", readTimestamp: 1_700_000_100 } },
    ]);
    await settle();
    expect(f.of("receipt")).toEqual([
      { type: "receipt", waId: "3EB0OURS", status: "sent" },
      { type: "receipt", waId: "3EB0OURS", status: "delivered" },
      {
        type: "receipt",
        waId: "3EB0OURS",
        status: "failed",
        reason: "WhatsApp could not deliver the message",
      },
      { type: "receipt", waId: "3EB0OURS", status: "read" },
    ]);
  });
});

describe("media", () => {
  const image = () =>
    waMessage({
      imageMessage: {
        url: "https://mmg.whatsapp.net/v/t62/abc",
        directPath: "/v/t62/abc",
        mediaKey: new Uint8Array(32),
        mimetype: "image/jpeg",
        fileLength: 3,
      },
    });

  test("the message carries a source that streams the file, fetched from the host its URL names", async () => {
    const seen: { hosts: readonly string[]; directPath: string | null | undefined }[] = [];
    const f = await connected({
      download: async (m, hosts) => {
        seen.push({ hosts, directPath: m.message?.imageMessage?.directPath });
        return (async function* () {
          yield new Uint8Array([1, 2, 3]);
        })();
      },
    });
    f.sock.emit("messages.upsert", { type: "notify", messages: [image()] });
    await settle();
    const event = f.of("message")[0]!;
    expect(event.message.media).toEqual({ mime: "image/jpeg", size: 3, fileName: null });
    expect(await collect(await event.media!.download())).toEqual([1, 2, 3]);
    // Its URL is on WhatsApp's own host: no need to ask for the connection's media hosts.
    expect(seen).toEqual([{ hosts: [], directPath: "/v/t62/abc" }]);
  });

  test("media gone from the server (410) is asked from the phone, fetched from its new path, and kept so", async () => {
    const paths: (string | null | undefined)[] = [];
    const f = await connected({
      download: async (m) => {
        const path = m.message?.imageMessage?.directPath;
        paths.push(path);
        if (path === "/v/t62/abc") throw new MediaHttpError(410);
        return (async function* () {
          yield new Uint8Array([4, 5]);
        })();
      },
    });
    const asked: string[] = [];
    f.sock.updateMediaMessage = async (m) => {
      asked.push(m.key.id!);
      m.message!.imageMessage!.directPath = "/v/t62/again";
      return m;
    };
    const msg = image();
    f.sock.emit("messages.upsert", { type: "notify", messages: [msg] });
    await settle();
    expect(await collect(await f.of("message")[0]!.media!.download())).toEqual([4, 5]);
    expect(asked).toEqual([msg.key.id!]);
    expect(paths).toEqual(["/v/t62/abc", "/v/t62/again"]);
    // After a restart the kept proto already names the new path.
    const later = await makeDriverFixture({}, f.db).session.fetchMedia(msg.key.id!);
    expect(later).not.toBeNull();
    expect(loadRawMessage(f.db, f.channelId, msg.key.id!)?.message?.imageMessage?.directPath).toBe(
      "/v/t62/again",
    );
  });

  test("a phone that no longer has expired media: the download fails saying so", async () => {
    const f = await connected({
      download: async () => {
        throw new MediaHttpError(404);
      },
    });
    f.sock.updateMediaMessage = async () => {
      throw Object.assign(new Error("Media re-upload failed by device (NOT_FOUND)"), {
        output: { statusCode: 404 },
      });
    };
    f.sock.emit("messages.upsert", { type: "notify", messages: [image()] });
    await settle();
    await expect(f.of("message")[0]!.media!.download()).rejects.toThrow(
      "The media has expired on WhatsApp and the phone no longer has it",
    );
  });

  test("a failed download rejects with a plain reason, and fetchMedia gives the media again later", async () => {
    let attempts = 0;
    const f = await connected({
      download: async () => {
        attempts += 1;
        throw new MediaHttpError(500);
      },
    });
    const msg = image();
    f.sock.emit("messages.upsert", { type: "notify", messages: [msg] });
    await settle();
    await expect(f.of("message")[0]!.media!.download()).rejects.toThrow(
      "WhatsApp's media server refused the file (HTTP 500)",
    );
    const again = await f.session.fetchMedia(msg.key.id!);
    expect(again).not.toBeNull();
    await expect(again!.download()).rejects.toThrow("HTTP 500");
    expect(await f.session.fetchMedia("UNKNOWN")).toBeNull();
    await settle();
    expect(attempts).toBe(2);

    const afterRestart = makeDriverFixture({}, f.db);
    expect(await afterRestart.session.fetchMedia(msg.key.id!)).not.toBeNull();
  });

  test("stored protos are dropped after 14 days", async () => {
    const f = await connected();
    const msg = image();
    f.sock.emit("messages.upsert", { type: "notify", messages: [msg] });
    await settle();
    expect(await f.session.fetchMedia(msg.key.id!)).not.toBeNull();
    f.advance(15 * 24 * 60 * 60 * 1000);
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ conversation: "two weeks later" })],
    });
    await settle();
    expect(await f.session.fetchMedia(msg.key.id!)).toBeNull();
  });

  test("with Baileys' real downloader, a media message without its file rejects rather than hangs", async () => {
    const f = await connected();
    f.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ imageMessage: { mimetype: "image/jpeg" } })],
    });
    await settle();
    await expect(f.of("message")[0]!.media!.download()).rejects.toThrow(
      "The message holds no downloadable media",
    );
  });
});
