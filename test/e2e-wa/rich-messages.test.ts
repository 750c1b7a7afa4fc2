import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { insertApiKey } from "../../src/api/keys-store.ts";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";
import { postForm } from "../helpers/app.ts";
import { keyOwner, startReceiver } from "../webhooks/fixtures.ts";
import type { WaUser } from "../wa-server/user.ts";
import { knownCustomer, pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";
import { fileBytes, shownMessages } from "./media-page.ts";

/**
 * Polls, contact cards, locations, business replies, albums and unknown kinds through the emulator,
 * with the real Baileys client: the customer's phone encrypts each (votes with the poll's own secret,
 * as WhatsApp does), and decrypts what Pairbox sends.
 */

const CHANNEL_PHONE = "+14155550180";
const ALICE_PHONE = "+447700900181";
let scene: Scene;
let phone: WaUser;
let alice: WaUser;
let conversationId: number;
let apiKey: string;
let receiver: ReturnType<typeof startReceiver>;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  ({ user: alice } = knownCustomer(scene, ALICE_PHONE, { first: "Alice", last: "Smith" }));
  receiver = startReceiver();
  insertEndpoint(
    scene.pb.db,
    { name: "CRM", url: receiver.url, events: ["poll.vote"], channelIds: [], active: true },
    Date.now(),
    keyOwner(scene.pb.db),
  );
  apiKey = insertApiKey(
    scene.pb.db,
    { name: "e2e", scope: "send", channels: "all", createdBy: keyOwner(scene.pb.db) },
    Date.now(),
  ).key;
  await alice.sendText(phone, "Hi there");
  conversationId = await waitUntil(
    "the conversation",
    () => scene.pb.db.query<{ id: number }, []>("SELECT id FROM conversations LIMIT 1").get()?.id,
  );
});

afterAll(async () => {
  receiver.stop();
  await scene.close();
});

const page = async () =>
  (await scene.pb.request(`/inbox/c/${conversationId}`, { session: scene.admin })).text();
const shows = (what: string | RegExp) =>
  waitUntil(`the conversation page to show ${what}`, async () => {
    const html = await page();
    return (typeof what === "string" ? html.includes(what) : what.test(html)) ? html : null;
  });
const votesFor = (option: string, n: number) =>
  new RegExp(`data-votes="${n}"><span class="poll-name" dir="auto">${option}</span>`);
const apiSend = (body: Record<string, unknown>) =>
  scene.pb.request("/api/v1/messages", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ channel_id: 1, to: ALICE_PHONE, ...body }),
  });

describe("polls", () => {
  test("a customer's poll arrives; her vote, sealed with the poll's secret, shows as the tally", async () => {
    const secret = randomBytes(32);
    const { id } = await alice.sendMessage(phone, {
      pollCreationMessageV3: {
        name: "Which day suits?",
        options: [{ optionName: "Mon" }, { optionName: "Tue" }],
        selectableOptionsCount: 1,
      },
      messageContextInfo: { messageSecret: secret },
    });
    await shows("</svg> Which day suits?</div>");
    // In her own chat the poll is hers: fromMe, in the chat with the channel's number.
    await alice.votePoll(phone, { id, creatorJid: alice.jid, chatJid: phone.jid, fromMe: true, secret }, [
      "Tue",
    ]);
    const html = await shows(votesFor("Tue", 1));
    expect(html).toMatch(votesFor("Mon", 0));
    expect(html).toContain('<span class="poll-voters muted">Alice</span>');
  });

  test("a poll sent from the inbox reaches her phone with its secret; her votes show and go to the webhook", async () => {
    const res = await postForm(scene.pb, `/inbox/c/${conversationId}/share/poll`, scene.admin, {
      question: "Pick toppings",
      options: "Cheese\nOlives\nHam",
      multiple: "1",
    });
    expect(res.status).toBe(303);
    const out = await scene.wa.waitForOutbound((m) => m.to === alice.jid && !!m.message?.pollCreationMessage);
    const poll = out.message!.pollCreationMessage!;
    expect(poll.name).toBe("Pick toppings");
    expect(poll.options?.map((o) => o.optionName)).toEqual(["Cheese", "Olives", "Ham"]);
    expect(poll.selectableOptionsCount).toBe(0);
    const secret = out.message!.messageContextInfo!.messageSecret!;
    expect(secret.length).toBe(32);
    const ours = { id: out.id, creatorJid: phone.jid, chatJid: phone.jid, secret };
    await alice.votePoll(phone, ours, ["Cheese", "Ham"]);
    await shows(votesFor("Ham", 1));
    // She changes her mind: the later selection replaces the earlier.
    await alice.votePoll(phone, ours, ["Olives"]);
    const html = await shows(votesFor("Olives", 1));
    expect(html).toMatch(votesFor("Cheese", 0));

    await waitUntil("two poll.vote deliveries", () => receiver.received.length >= 3, 15_000);
    const last = JSON.parse(receiver.received.at(-1)!.body);
    expect(last.type).toBe("poll.vote");
    expect(last.data.voter).toMatchObject({ phone: ALICE_PHONE, name: "Alice" });
    expect(last.data.options).toEqual(["Olives"]);
    expect(last.data.poll.options.map((o: { votes: number }) => o.votes)).toEqual([0, 1, 0]);

    const messageId = scene.pb.db
      .query<{ id: number }, [string]>("SELECT id FROM messages WHERE wa_id = ?")
      .get(out.id)!.id;
    const json = await (
      await scene.pb.request(`/api/v1/messages/${messageId}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
    ).json();
    expect(json.type).toBe("poll");
    expect(json.poll).toMatchObject({ question: "Pick toppings", selectable_count: 0, voters: 1 });
    expect(json.poll.options[1]).toEqual({
      name: "Olives",
      votes: 1,
      voters: [{ phone: ALICE_PHONE, name: "Alice" }],
    });
  });

  test("a poll sent through the API reaches the phone as a single-choice poll", async () => {
    const res = await apiSend({ poll: { question: "Confirm?", options: ["Yes", "No"] } });
    expect(res.status).toBe(202);
    const out = await scene.wa.waitForOutbound(
      (m) => m.to === alice.jid && !!m.message?.pollCreationMessageV3,
    );
    expect(out.message!.pollCreationMessageV3!.options?.map((o) => o.optionName)).toEqual(["Yes", "No"]);
  });
});

describe("contact cards and locations", () => {
  test("a contacts array from the phone shows every card with every number", async () => {
    await alice.sendMessage(phone, {
      contactsArrayMessage: {
        displayName: "2 contacts",
        contacts: [
          {
            displayName: "Pete",
            vcard:
              "BEGIN:VCARD\nVERSION:3.0\nFN:Pete Plumber\nitem1.TEL;waid=447700900999:+44 7700 900999\nTEL;type=HOME:+44 20 7946 0958\nEND:VCARD",
          },
          {
            displayName: "Rae",
            vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Rae Roofer\nTEL:+1 415 555 0142\nEND:VCARD",
          },
        ],
      },
    });
    const html = await shows("</svg> Rae Roofer</div>");
    for (const n of ["+447700900999", "+442079460958", "+14155550142"])
      expect(html).toContain(`<span class="contact-phone">${n}</span>`);
    expect(html).toContain("Create contact");
  });

  test("a live location is marked live with its map link", async () => {
    await alice.sendMessage(phone, {
      liveLocationMessage: { degreesLatitude: 55.9533, degreesLongitude: -3.1883, caption: "Coming over" },
    });
    const html = await shows("Coming over");
    expect(html).toContain('<strong class="live-badge">Live location</strong>');
    expect(html).toContain("https://www.openstreetmap.org/?mlat=55.953300&amp;mlon=-3.188300");
  });

  test("a location and a record's contact card sent through the API reach her phone", async () => {
    const { id } = createRecord(
      scene.pb.db,
      "contact",
      { ...emptyInput(), first_name: "Cara", last_name: "Lind" },
      [
        { e164: "+447700900789", original: "+447700900789" },
        { e164: "+14155550123", original: "+14155550123" },
      ],
      Date.now(),
    );
    expect(
      (await apiSend({ location: { latitude: 51.5014, longitude: -0.1419, name: "Palace" } })).status,
    ).toBe(202);
    const place = await scene.wa.waitForOutbound((m) => m.to === alice.jid && !!m.message?.locationMessage);
    expect(place.message!.locationMessage).toMatchObject({
      degreesLatitude: 51.5014,
      degreesLongitude: -0.1419,
      name: "Palace",
    });
    expect((await apiSend({ contact: { record_id: id } })).status).toBe(202);
    const card = await scene.wa.waitForOutbound((m) => m.to === alice.jid && !!m.message?.contactMessage);
    expect(card.message!.contactMessage!.displayName).toBe("Cara Lind");
    expect(card.message!.contactMessage!.vcard).toContain("waid=447700900789:+447700900789");
    expect(card.message!.contactMessage!.vcard).toContain("waid=14155550123:+14155550123");
  });
});

describe("sent from the inbox", () => {
  test("a location and a record's contact card from the share forms reach her phone", async () => {
    const { id } = createRecord(
      scene.pb.db,
      "lead",
      { ...emptyInput(), first_name: "Dan", last_name: "Dale" },
      [{ e164: "+447700900790", original: "+447700900790" }],
      Date.now(),
    );
    const share = (kind: string, fields: Record<string, string>) =>
      postForm(scene.pb, `/inbox/c/${conversationId}/share/${kind}`, scene.admin, fields);
    expect(
      (await share("location", { latitude: "55.9533", longitude: "-3.1883", name: "Depot" })).status,
    ).toBe(303);
    const place = await scene.wa.waitForOutbound(
      (m) => m.to === alice.jid && m.message?.locationMessage?.name === "Depot",
    );
    expect(place.message!.locationMessage).toMatchObject({
      degreesLatitude: 55.9533,
      degreesLongitude: -3.1883,
    });
    expect((await share("contact", { record: String(id) })).status).toBe(303);
    const card = await scene.wa.waitForOutbound(
      (m) => m.to === alice.jid && m.message?.contactMessage?.displayName === "Dan Dale",
    );
    expect(card.message!.contactMessage!.vcard).toContain("waid=447700900790:+447700900790");
    // Our own card shows in the conversation with its number, opening the lead it came from.
    const html = await shows("</svg> Dan Dale</div>");
    expect(html).toContain("Open Dan Dale");
  });
});

describe("business replies and unknown kinds", () => {
  test("each arrives with its readable text; an unknown kind is a row naming its type", async () => {
    const sent: [Parameters<WaUser["sendMessage"]>[1], string][] = [
      [
        { buttonsResponseMessage: { selectedButtonId: "b1", selectedDisplayText: "Yes please" } },
        "Yes please",
      ],
      [{ listResponseMessage: { title: "Large", description: "30 cm" } }, "Large — 30 cm"],
      [
        { templateButtonReplyMessage: { selectedId: "t", selectedDisplayText: "Track order" } },
        "Track order",
      ],
      [{ interactiveResponseMessage: { body: { text: "Book Friday" } } }, "Book Friday"],
      [
        { newsletterAdminInviteMessage: { newsletterName: "News" } },
        "Unsupported message (type newsletterAdminInviteMessage)",
      ],
    ];
    for (const [message] of sent) await alice.sendMessage(phone, message);
    const html = await shows("Unsupported message (type newsletterAdminInviteMessage)");
    for (const [, text] of sent) expect(html).toContain(`<div class="msg-text" dir="auto">${text}</div>`);
    expect(scene.wa.errors()).toEqual([]);
  });
});

describe("albums", () => {
  test("an album's photos arrive as its children: each shows its photo and says it belongs to the album", async () => {
    const album = await alice.sendMessage(phone, { albumMessage: { expectedImageCount: 2 } });
    for (const caption of ["front", "back"])
      await alice.sendMedia(phone, {
        kind: "image",
        bytes: fileBytes(20_000),
        mimetype: "image/jpeg",
        caption,
        albumId: album.id,
      });
    const photos = await waitUntil("both photos stored", async () => {
      const shown = (await shownMessages(scene.pb, scene.admin, conversationId)).filter(
        (m) => m.shows === "image" && ["front", "back"].includes(m.text),
      );
      return shown.length === 2 ? shown : null;
    });
    const html = await page();
    expect(html).toContain('<div class="album" dir="auto">');
    expect(html).toContain("</svg> Album: 2 photos</div>");
    for (const p of photos) expect(html).toMatch(new RegExp(`id="msg-${p.id}"[\\s\\S]*?Part of an album`));
    const rows = scene.pb.db
      .query<{ detail: string }, []>("SELECT detail FROM messages WHERE type = 'image' ORDER BY id")
      .all();
    expect(rows.map((r) => JSON.parse(r.detail))).toEqual([
      { kind: "album-item", albumWaId: album.id },
      { kind: "album-item", albumWaId: album.id },
    ]);
  });
});

describe("a poll in a group", () => {
  test("a member's poll gets another member's vote, with who voted", async () => {
    const bob = scene.wa.contact("+447700900182", { name: "Bob" });
    const group = scene.wa.group("Street party", [alice, phone, bob]);
    const secret = randomBytes(32);
    const { id } = await group.sendMessage(alice, {
      pollCreationMessage: {
        name: "Bring what?",
        options: [{ optionName: "Cake" }, { optionName: "Chairs" }],
        selectableOptionsCount: 0,
      },
      messageContextInfo: { messageSecret: secret },
    });
    const groupConversation = await waitUntil(
      "the group conversation",
      () =>
        scene.pb.db
          .query<{ id: number }, [string]>("SELECT id FROM conversations WHERE chat_jid = ?")
          .get(group.jid)?.id,
    );
    await group.votePoll(bob, { id, creatorJid: alice.jid, chatJid: group.jid, secret }, ["Cake", "Chairs"]);
    const html = await waitUntil("Bob's vote in the group's poll", async () => {
      const text = await (
        await scene.pb.request(`/inbox/c/${groupConversation}`, { session: scene.admin })
      ).text();
      return votesFor("Chairs", 1).test(text) ? text : null;
    });
    expect(html).toMatch(votesFor("Cake", 1));
    expect(html).toContain('<span class="poll-voters muted">Bob</span>');
    expect(html).toContain("Select one or more");
  });
});

describe("a poll while Pairbox is down", () => {
  test("a poll and its vote queued offline both arrive, the vote counted", async () => {
    const secret = randomBytes(32);
    await scene.restart(async () => {
      const { id } = await alice.sendMessage(phone, {
        pollCreationMessageV3: {
          name: "Offline poll?",
          options: [{ optionName: "Yes" }, { optionName: "No" }],
          selectableOptionsCount: 1,
        },
        messageContextInfo: { messageSecret: secret },
      });
      await alice.votePoll(phone, { id, creatorJid: alice.jid, chatJid: phone.jid, fromMe: true, secret }, [
        "No",
      ]);
    });
    const html = await shows(votesFor("No", 1));
    expect(html).toContain("</svg> Offline poll?</div>");
  });
});
