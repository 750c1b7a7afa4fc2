import { describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { proto, WAMessage } from "@whiskeysockets/baileys";
import { describeContent } from "../../../src/whatsapp/baileys/content.ts";
import { decryptVote, rememberPollKey } from "../../../src/whatsapp/baileys/polls.ts";
import { migrate } from "../../../src/db/migrate.ts";
import { openDatabase } from "../../../src/db/open.ts";
import { pollUpdateMessage } from "../../wa-server/polls.ts";
import { insertChannel } from "../../../src/channels/store.ts";
import { connected, settle, waMessage } from "./fixtures.ts";

/** What each rich kind of WhatsApp message becomes: readable text, its detail, never an empty row. */

function content(message: proto.IMessage) {
  const r = describeContent(message);
  if (!r.ok) throw new Error(`skipped: ${r.skip}`);
  return r.content;
}

describe("contact cards", () => {
  test("every number of a vCard, each in E.164; the waid names the WhatsApp number", () => {
    const c = content({
      contactMessage: {
        displayName: "Bob",
        vcard:
          "BEGIN:VCARD\nVERSION:3.0\nN:Smith;Bob;;;\nFN:Bob Smith\nitem1.TEL;waid=447700900456:07700 900456\nitem1.X-ABLabel:Mobile\nTEL;type=WORK:+1 (415) 555-0199\nTEL:ext. 12\nEND:VCARD",
      },
    });
    expect(c.type).toBe("contact");
    expect(c.detail).toEqual({
      kind: "contacts",
      contacts: [
        {
          name: "Bob Smith",
          phones: [
            { raw: "07700 900456", e164: "+447700900456" },
            { raw: "+1 (415) 555-0199", e164: "+14155550199" },
            { raw: "ext. 12", e164: null },
          ],
        },
      ],
    });
  });

  test("a broken vCard keeps the display name and has no numbers", () => {
    expect(content({ contactMessage: { displayName: "Eve", vcard: "garbage\nBEGIN:VCARD" } }).detail).toEqual(
      {
        kind: "contacts",
        contacts: [{ name: "Eve", phones: [] }],
      },
    );
  });

  test("a contacts array keeps each card with its numbers", () => {
    const c = content({
      contactsArrayMessage: {
        displayName: "2 contacts",
        contacts: [
          { displayName: "A", vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nTEL:+447700900001\nEND:VCARD" },
          { displayName: "B", vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Ben\nTEL:+447700900002\nEND:VCARD" },
        ],
      },
    });
    expect(c.text).toBe("👤 Ann, Ben");
    expect(c.detail?.kind === "contacts" && c.detail.contacts.map((x) => x.phones[0]!.e164)).toEqual([
      "+447700900001",
      "+447700900002",
    ]);
  });
});

describe("locations", () => {
  test("a live location is marked live, its caption as name", () => {
    expect(
      content({
        liveLocationMessage: { degreesLatitude: 48.8584, degreesLongitude: 2.2945, caption: "On my way" },
      }),
    ).toMatchObject({
      type: "location",
      text: "📍 On my way",
      detail: { kind: "location", latitude: 48.8584, longitude: 2.2945, name: "On my way", live: true },
    });
  });

  test("a place keeps its address", () => {
    expect(
      content({
        locationMessage: { degreesLatitude: 1.5, degreesLongitude: 2.5, name: "Shop", address: "1 High St" },
      }).detail,
    ).toMatchObject({ name: "Shop", address: "1 High St" });
  });
});

describe("replies to business messages and templates", () => {
  test.each([
    [{ buttonsResponseMessage: { selectedButtonId: "b1", selectedDisplayText: "Yes please" } }, "Yes please"],
    [{ templateButtonReplyMessage: { selectedId: "t1", selectedDisplayText: "Track order" } }, "Track order"],
    [{ listResponseMessage: { title: "Large", description: "30 cm" } }, "Large — 30 cm"],
    [{ listResponseMessage: { singleSelectReply: { selectedRowId: "row-7" } } }, "row-7"],
    [{ interactiveResponseMessage: { body: { text: "Book for Friday" } } }, "Book for Friday"],
    [
      {
        interactiveResponseMessage: {
          nativeFlowResponseMessage: { name: "address_message", paramsJson: "{}" },
        },
      },
      "address_message",
    ],
    [
      { templateMessage: { hydratedTemplate: { hydratedContentText: "Your code is 1234" } } },
      "Your code is 1234",
    ],
    [{ buttonsMessage: { contentText: "Choose a size" } }, "Choose a size"],
    [{ interactiveMessage: { body: { text: "Pick a time" } } }, "Pick a time"],
  ] as [proto.IMessage, string][])("%o reads as %p", (message, text) => {
    const c = content(message);
    expect(c.text).toBe(text);
    expect(c.unsupported).toBeNull();
  });
});

describe("albums", () => {
  test("the album says how many photos and videos follow; each names its album", () => {
    expect(content({ albumMessage: { expectedImageCount: 3, expectedVideoCount: 1 } })).toMatchObject({
      type: "other",
      text: "🖼 Album: 3 photos, 1 video",
      detail: { kind: "album", images: 3, videos: 1 },
    });
    const child = content({
      imageMessage: { mimetype: "image/jpeg", caption: "first" },
      messageContextInfo: { messageAssociation: { associationType: 1, parentMessageKey: { id: "ALBUM1" } } },
    });
    expect(child).toMatchObject({
      type: "image",
      text: "first",
      detail: { kind: "album-item", albumWaId: "ALBUM1" },
    });
  });
});

describe("kinds nobody handles", () => {
  test("become a row naming their type, never an empty one", () => {
    const c = content({ newsletterAdminInviteMessage: { newsletterName: "News" } });
    expect(c).toMatchObject({
      type: "other",
      text: "Unsupported message (type newsletterAdminInviteMessage)",
    });
    expect(c.unsupported).toBe("newsletterAdminInviteMessage");
  });
});

describe("poll votes", () => {
  const db = openDatabase(":memory:");
  migrate(db);
  insertChannel(db, "+14155550100", { name: "", countryPrefix: "", access: { all: true } }, 0);
  const secret = randomBytes(32);
  const creator = "447700900123@s.whatsapp.net";
  const poll: WAMessage = {
    key: { remoteJid: creator, fromMe: false, id: "POLL1" },
    message: {
      pollCreationMessageV3: {
        name: "Day?",
        options: [{ optionName: "Mon" }, { optionName: "Tue" }],
        selectableOptionsCount: 1,
      },
      messageContextInfo: { messageSecret: secret },
    },
  };
  rememberPollKey(db, 1, poll, creator, 0);
  const ctx = {
    channelId: 1,
    ownJid: "14155550100:3@s.whatsapp.net",
    ownLid: null,
    voterPhone: () => "+447700900123",
  };
  const voteFrom = (jid: string, selected: string[], key = secret) => ({
    key: { remoteJid: jid, fromMe: false, id: `V${Math.random()}` },
    message: pollUpdateMessage(
      { id: "POLL1", creatorJid: creator, chatJid: "14155550100@s.whatsapp.net", secret: key },
      jid,
      selected,
    ),
  });

  test("a vote is decrypted with the poll's secret into the option names chosen", () => {
    const r = decryptVote(db, voteFrom(creator, ["Tue"]), ctx, 0);
    expect(r).toMatchObject({ ok: true, vote: { pollWaId: "POLL1", voterJid: creator, options: ["Tue"] } });
  });

  test("a vote sealed with another secret is refused, not guessed", () => {
    expect(decryptVote(db, voteFrom(creator, ["Tue"], randomBytes(32)), ctx, 0)).toEqual({
      ok: false,
      reason: "undecryptable",
    });
  });

  test("a vote in a poll the driver never saw says so", () => {
    const m = voteFrom(creator, ["Mon"]);
    m.message.pollUpdateMessage!.pollCreationMessageKey!.id = "OTHER";
    expect(decryptVote(db, m, ctx, 0)).toEqual({ ok: false, reason: "unknown poll" });
  });
});

describe("a poll and its vote in one batch", () => {
  test("the vote is reported after the poll, so the poll is stored when the vote comes", async () => {
    const f = await connected();
    const secret = randomBytes(32);
    const creator = "447700900123@s.whatsapp.net";
    const poll = waMessage({
      pollCreationMessageV3: { name: "Day?", options: [{ optionName: "Mon" }, { optionName: "Tue" }] },
      messageContextInfo: { messageSecret: secret },
    });
    const vote = waMessage(
      pollUpdateMessage(
        { id: poll.key.id!, creatorJid: creator, chatJid: "14155550100@s.whatsapp.net", secret },
        creator,
        ["Mon"],
      ),
    );
    f.sock.emit("messages.upsert", { type: "append", messages: [poll, vote] });
    await settle();
    const kinds = f.events.filter((e) => e.type === "message" || e.type === "poll-vote").map((e) => e.type);
    expect(kinds).toEqual(["message", "poll-vote"]);
    expect(f.of("poll-vote")[0]!.vote).toMatchObject({
      pollWaId: poll.key.id,
      options: ["Mon"],
      voterPhone: "+447700900123",
    });
  });
});
