import { describe, expect, test } from "bun:test";
import { recordPollVote } from "../../src/messaging/polls.ts";
import { installWebhooks } from "../../src/webhooks/install.ts";
import { eventSchema, type EVENT_DATA } from "../../src/webhooks/schemas.ts";
import { insertEndpoint, listDeliveries } from "../../src/webhooks/store.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { keyOwner, makeServices, SECRET } from "./fixtures.ts";

/** poll.vote, and the tally in every message event of a poll, each body checked against its published schema. */

function setup(events: string[]) {
  const t = makeServices();
  const channel = makeChannel(t.db, "+14155550100");
  const ep = insertEndpoint(
    t.db,
    { name: "", url: "http://127.0.0.1:9/", events, channelIds: [], active: true },
    0,
    keyOwner(t.db),
  );
  installWebhooks(t.services, { ...t.core, secret: SECRET });
  const queued = () =>
    listDeliveries(t.db, ep.id, 100)
      .reverse()
      .map((d) => {
        const body = JSON.parse(d.body);
        eventSchema(body.type as keyof typeof EVENT_DATA).parse(body);
        return body;
      });
  return { t, channel, queued };
}

const poll = { kind: "poll" as const, question: "Which day?", options: ["Mon", "Tue"], selectableCount: 1 };
const vote = (options: string[], timestamp: number) => ({
  pollWaId: "POLL1",
  voterJid: "447700900123@s.whatsapp.net",
  voterPhone: "+447700900123",
  voterName: "Ann",
  options,
  timestamp,
});

describe("poll.vote", () => {
  test("each vote is one event with the voter, their selection and the tally; a repeat of the same vote is not", () => {
    const { t, channel, queued } = setup(["poll.vote"]);
    t.services.ingest.ingest(
      inbound(channel, { waId: "POLL1", type: "poll", text: "📊 Which day?", detail: poll }),
    );
    expect(recordPollVote(t.db, channel, vote(["Tue"], 1_000))).toBe(true);
    expect(recordPollVote(t.db, channel, vote(["Tue"], 1_000))).toBe(true);
    expect(recordPollVote(t.db, channel, vote([], 2_000))).toBe(true);
    const bodies = queued();
    expect(bodies.map((b) => b.data.options)).toEqual([["Tue"], []]);
    expect(bodies[0].data.voter).toEqual({
      jid: "447700900123@s.whatsapp.net",
      phone: "+447700900123",
      name: "Ann",
    });
    expect(bodies[0].data.poll.options).toEqual([
      { name: "Mon", votes: 0, voters: [] },
      { name: "Tue", votes: 1, voters: [{ phone: "+447700900123", name: "Ann" }] },
    ]);
    // Withdrawn: nobody has a vote in it any more.
    expect(bodies[1].data.poll.voters).toBe(0);
    expect(bodies[1].data.message.poll.voters).toBe(0);
  });

  test("a vote older than the one stored changes nothing", () => {
    const { t, channel, queued } = setup(["poll.vote"]);
    t.services.ingest.ingest(
      inbound(channel, { waId: "POLL1", type: "poll", text: "📊 Which day?", detail: poll }),
    );
    recordPollVote(t.db, channel, vote(["Tue"], 5_000));
    recordPollVote(t.db, channel, vote(["Mon"], 4_000));
    expect(queued().map((b) => b.data.options)).toEqual([["Tue"]]);
  });

  test("a vote for a message that is no poll is not stored", () => {
    const { t, channel, queued } = setup(["poll.vote"]);
    t.services.ingest.ingest(inbound(channel, { waId: "POLL1", text: "just text" }));
    expect(recordPollVote(t.db, channel, vote(["Tue"], 1))).toBe(false);
    expect(queued()).toEqual([]);
  });

  test("a poll's message.status carries its votes so far", async () => {
    const { t, channel, queued } = setup(["message.status"]);
    const conversation = t.services.ingest.ingest(inbound(channel, { text: "hi" }));
    if (!conversation.stored) throw new Error("not stored");
    const row = t.services.outbox.queue({
      conversationId: conversation.conversationId,
      channelId: channel,
      userId: null,
      type: "poll",
      text: "📊 Which day?",
      media: null,
      detail: poll,
      idempotencyKey: null,
    });
    const sent = await t.services.outbox.dispatch(row.id);
    recordPollVote(t.db, channel, { ...vote(["Mon"], 1), pollWaId: sent!.wa_id! });
    t.services.outbox.receipt(channel, sent!.wa_id!, "delivered");
    const delivered = queued().find((b) => b.data.status === "delivered");
    expect(delivered.data.message.poll.options[0]).toMatchObject({ name: "Mon", votes: 1 });
  });
});
