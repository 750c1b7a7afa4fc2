import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { insertWorkflow } from "../../src/workflows/store.ts";
import { keyOwner, startReceiver } from "../webhooks/fixtures.ts";
import type { WaUser } from "../wa-server/user.ts";
import { knownCustomer, pairChannel, startScene, waitUntil, type Scene } from "./harness.ts";
import { shownConversation, shownMessages } from "./media-page.ts";

/**
 * A contact card and a location from a known customer, and a burst of texts within one second,
 * through every stage: the inbox, the link to her record, a workflow run (its reply reaches her)
 * and a signed webhook delivery.
 */

const CHANNEL_PHONE = "+14155550170";
const DORA_PHONE = "+447700900321";
let scene: Scene;
let phone: WaUser;
let dora: WaUser;
let doraRecordId: number;
let receiver: ReturnType<typeof startReceiver>;

beforeAll(async () => {
  scene = await startScene();
  await pairChannel(scene, CHANNEL_PHONE);
  phone = scene.wa.account(CHANNEL_PHONE);
  ({ user: dora, recordId: doraRecordId } = knownCustomer(scene, DORA_PHONE, {
    first: "Dora",
    last: "Explorer",
  }));
  receiver = startReceiver();
  insertEndpoint(
    scene.pb.db,
    { name: "CRM", url: receiver.url, events: ["message.inbound"], channelIds: [], active: true },
    Date.now(),
    keyOwner(scene.pb.db),
  );
  insertWorkflow(
    scene.pb.db,
    {
      name: "Acknowledge cards and places",
      recordType: "contact",
      enabled: true,
      pattern: "",
      steps: [
        {
          kind: "send_whatsapp",
          channel: "trigger",
          recipient: "sender",
          text: "Got it, {{ record.first_name }}",
          attachment: "none",
          file: null,
        },
      ],
    },
    Date.now(),
  );
});

afterAll(async () => {
  receiver.stop();
  await scene.close();
});

/** The webhook deliveries so far: each event's message type and text. */
const delivered = () =>
  receiver.received.map((r) => {
    const m = JSON.parse(r.body).data.message as { type: string; text: string };
    return { type: m.type, text: m.text };
  });

const replies = () => scene.wa.outbound().filter((m) => m.to === dora.jid && m.text === "Got it, Dora");

describe("a contact card and a location from a customer", () => {
  test("each is in the inbox, linked to her record, starts a workflow and is sent to the webhook", async () => {
    await dora.sendMessage(phone, {
      contactMessage: {
        displayName: "Pete the Plumber",
        vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Pete the Plumber\nTEL;type=CELL:+447700900999\nEND:VCARD",
      },
    });
    // One at a time: the emulator's phone cannot decrypt a reply while it encrypts its next message.
    await waitUntil("the workflow's reply to the card", () => replies().length === 1, 15_000);
    await dora.sendMessage(phone, {
      locationMessage: { degreesLatitude: 51.5007, degreesLongitude: -0.1246, name: "Big Ben" },
    });
    const conversationId = await shownConversation(scene);
    const shown = await waitUntil("both on the conversation page", async () => {
      const all = await shownMessages(scene.pb, scene.admin, conversationId);
      const inbound = all.filter((m) => m.direction === "in");
      return inbound.length >= 2 ? inbound : null;
    });
    expect(shown).toHaveLength(2);
    const page = await (
      await scene.pb.request(`/inbox/c/${conversationId}`, { session: scene.admin })
    ).text();
    // The card with its number, the place with its map link (test/e2e-wa/rich-messages.test.ts has more).
    expect(page).toContain("</svg> Pete the Plumber</div>");
    expect(page).toContain('<span class="contact-phone">+447700900999</span>');
    expect(page).toContain("https://www.openstreetmap.org/?mlat=51.500700&amp;mlon=-0.124600");
    expect(page).toContain(`<a href="/records/contacts/${doraRecordId}">Dora Explorer</a>`);

    await waitUntil("the workflow's reply to the location", () => replies().length === 2, 15_000);
    await waitUntil("two webhook deliveries", () => receiver.received.length >= 2, 15_000);
    expect(delivered()).toEqual([
      { type: "contact", text: "👤 Pete the Plumber" },
      { type: "location", text: "📍 Big Ben" },
    ]);
    // The burst below goes without replies (see above).
    scene.pb.db.query("UPDATE workflows SET enabled = 0").run();
  });
});

describe("messages within the same second", () => {
  test("keep the order they were sent in, on the page and in the webhook", async () => {
    const texts = ["one", "two", "three", "four", "five", "six"];
    for (const text of texts) await dora.sendText(phone, text);
    const conversationId = await shownConversation(scene);
    const inbound = await waitUntil("all six on the page", async () => {
      const all = (await shownMessages(scene.pb, scene.admin, conversationId)).filter(
        (m) => m.direction === "in" && texts.includes(m.text),
      );
      return all.length === texts.length ? all : null;
    });
    expect(inbound.map((m) => m.text)).toEqual(texts);
    // WhatsApp stamps whole seconds: the burst shares stamps, so the order cannot come from them.
    const stamps = scene.pb.db
      .query<{ n: number }, []>(
        "SELECT count(DISTINCT wa_timestamp) AS n FROM messages WHERE text IN ('one','two','three','four','five','six')",
      )
      .get()!.n;
    expect(stamps).toBeLessThan(texts.length);
    await waitUntil("six more webhook deliveries", () => receiver.received.length >= 8, 15_000);
    expect(
      delivered()
        .slice(2)
        .map((d) => d.text),
    ).toEqual(texts);
    expect(scene.wa.errors()).toEqual([]);
  });
});
