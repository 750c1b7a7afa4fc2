import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";
import { recordPollVote } from "../../src/messaging/polls.ts";
import { api, makeIntegrationApp, makeKey } from "./helpers.ts";

/** Polls, locations and contact cards over the API: checked at the edge, sent, and shown in message JSON. */

function setup() {
  const t = makeIntegrationApp();
  const channel = makeChannel(t.db, "+14155550100");
  const got = t.services.ingest.ingest(inbound(channel, { text: "hi", peerPhone: "+447700900111" }));
  if (!got.stored) throw new Error("fixture not stored");
  const key = makeKey(t, [channel]);
  const send = (body: Record<string, unknown>) =>
    api(t, key, "/api/v1/messages", {
      method: "POST",
      json: { channel_id: channel, conversation_id: got.conversationId, ...body },
    });
  return { t, channel, key, send };
}

const json = async (res: Response) => (await res.json()) as Record<string, any>;

describe("sending polls, locations and cards", () => {
  test("a poll is queued as a poll, single choice unless multiple; its JSON carries the tally", async () => {
    const { t, channel, key, send } = setup();
    const res = await send({ poll: { question: "Which day?", options: ["Mon", "Tue"], multiple: true } });
    expect(res.status).toBe(202);
    const { message } = await json(res);
    expect(message).toMatchObject({
      type: "poll",
      text: "📊 Which day?",
      poll: {
        question: "Which day?",
        selectable_count: 0,
        voters: 0,
        options: [
          { name: "Mon", votes: 0, voters: [] },
          { name: "Tue", votes: 0, voters: [] },
        ],
      },
      contacts: null,
      location: null,
    });
    const sent = await waitFor(() => t.sent.at(-1));
    expect(sent.payload).toEqual({
      type: "poll",
      question: "Which day?",
      options: ["Mon", "Tue"],
      selectableCount: 0,
    });
    const waId = t.db
      .query<{ wa_id: string }, [number]>("SELECT wa_id FROM messages WHERE id = ?")
      .get(message.id)!.wa_id;
    recordPollVote(t.db, channel, {
      pollWaId: waId,
      voterJid: "447700900111@s.whatsapp.net",
      voterPhone: "+447700900111",
      voterName: "Ann",
      options: ["Tue", "Sun"],
      timestamp: 1,
    });
    const again = await json(await api(t, key, `/api/v1/messages/${message.id}`));
    // Only options the poll has count ("Sun" is not one).
    expect(again.poll.options[1]).toEqual({
      name: "Tue",
      votes: 1,
      voters: [{ phone: "+447700900111", name: "Ann" }],
    });
    expect(again.poll.voters).toBe(1);
  });

  test.each([
    [{ poll: { question: "Q", options: ["only"] } }, "Give at least 2 options."],
    [
      { poll: { question: "Q", options: Array.from({ length: 13 }, (_, i) => `o${i}`) } },
      "At most 12 options.",
    ],
    [{ poll: { question: "Q", options: ["a", "a"] } }, "Each option must be different."],
    [{ poll: { question: "Q", options: ["a", "b"] }, text: "and text" }, "goes alone"],
    [{ location: { latitude: 91, longitude: 0 } }, "Latitude is between -90 and 90."],
    [{ location: { latitude: 1, longitude: 2 }, poll: { question: "Q", options: ["a", "b"] } }, "goes alone"],
  ])("%o is refused: %s", async (body, message) => {
    const res = await setup().send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain(message);
  });

  test("a location goes with its coordinates; the JSON has its map link", async () => {
    const res = await setup().send({ location: { latitude: 51.5014, longitude: -0.1419, name: "Office" } });
    expect(res.status).toBe(202);
    expect((await json(res)).message.location).toEqual({
      latitude: 51.5014,
      longitude: -0.1419,
      name: "Office",
      address: null,
      live: false,
      map_url: "https://www.openstreetmap.org/?mlat=51.501400&mlon=-0.141900#map=16/51.501400/-0.141900",
    });
  });

  test("a record's contact card carries every phone; a record without one is refused", async () => {
    const { t, send } = setup();
    const { id } = createRecord(
      t.db,
      "contact",
      { ...emptyInput(), first_name: "Cara", last_name: "Lind" },
      [{ e164: "+447700900789", original: "+447700900789" }],
      0,
    );
    const res = await send({ contact: { record_id: id } });
    expect(res.status).toBe(202);
    expect((await json(res)).message.contacts).toEqual([
      { name: "Cara Lind", phones: [{ raw: "+447700900789", e164: "+447700900789" }] },
    ]);
    const { id: nophone } = createRecord(t.db, "contact", { ...emptyInput(), first_name: "Nobody" }, [], 0);
    const refused = await send({ contact: { record_id: nophone } });
    expect(refused.status).toBe(422);
    expect((await json(refused)).message).toContain("no contact, lead or account with a phone number");
  });

  test("the OpenAPI document has the poll.vote webhook and the new message fields", async () => {
    const { t } = setup();
    const doc = await json(await t.app.request("http://localhost:3000/api/openapi.json"));
    expect(Object.keys(doc.webhooks)).toContain("poll.vote");
    expect(Object.keys(doc.components.schemas.Message.properties)).toEqual(
      expect.arrayContaining(["poll", "contacts", "location", "album_wa_id"]),
    );
    expect(Object.keys(doc.components.schemas.SendMessage.properties)).toEqual(
      expect.arrayContaining(["poll", "location", "contact"]),
    );
  });
});

async function waitFor<T>(get: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = get();
    if (v !== undefined) return v;
    await Bun.sleep(5);
  }
  throw new Error("timed out waiting for the send");
}
