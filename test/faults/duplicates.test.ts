import { afterAll, expect, test } from "bun:test";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { buildPairbox, freshDatabase } from "../../bench/lib/env.ts";
import { seedRecords, seedWorkflows } from "../../bench/lib/records.ts";
import { customerPhone, seedChannels } from "../../bench/lib/seed.ts";
import { keyOwner } from "../webhooks/fixtures.ts";
// The whole engine as main.ts wires it (simulator driver, linking, workflows, webhooks), on a file database.
const env = freshDatabase("duplicates");
afterAll(() => {
  env.db.close();
  env.cleanup();
});

const count = (sql: string) => env.db.query<{ n: number }, []>(sql).get()!.n;

test("the same WhatsApp message delivered twice (reconnect replay, then history) is stored once, queued for webhooks once, and triggers workflows once", async () => {
  const now = Date.now();
  const [channelId] = seedChannels(env.db, 1, now);
  const pb = await buildPairbox(env.db, { dataDir: env.dir });
  const records = await seedRecords(env.db, pb.features, 2, now); // customer 0 is a contact
  const workflows = seedWorkflows(env.db, pb.features, 1, now); // one contact workflow, blank pattern: every message
  insertEndpoint(
    env.db,
    {
      name: "dup",
      url: "http://127.0.0.1:9/hook",
      events: ["message.inbound"],
      channelIds: [],
      active: true,
    },
    now,
    keyOwner(env.db),
  );
  await pb.sessions.startAll();
  const sim = pb.sessions.simulator!;

  const input = {
    fromPhone: customerPhone(0),
    name: "Customer 0",
    text: "is my order ready?",
    waId: "3AREPLAYED0001",
  };
  await sim.inject(channelId!, input);
  await sim.inject(channelId!, input);
  const emit = pb.emitters.get(channelId!)!;
  const phone = customerPhone(0);
  emit({
    type: "history",
    messages: [
      {
        media: null,
        message: {
          channelId: channelId!,
          waId: input.waId,
          chatJid: `${phone.slice(1)}@s.whatsapp.net`,
          kind: "direct",
          direction: "inbound",
          senderPhone: phone,
          senderLid: null,
          senderName: "Customer 0",
          peerPhone: phone,
          peerLid: null,
          text: input.text,
          type: "text",
          timestamp: now,
        },
      },
    ],
  });

  expect(count("SELECT count(*) AS n FROM messages WHERE wa_id = '3AREPLAYED0001'")).toBe(1);
  expect(count("SELECT count(*) AS n FROM webhook_deliveries")).toBe(1);
  expect(count("SELECT inbound_count AS n FROM conversations")).toBe(1);
  if (pb.features.linking && records.seeded > 0 && workflows > 0) {
    expect(count("SELECT count(*) AS n FROM workflow_runs")).toBe(1);
  }
  pb.stop();
  await pb.sessions.stopAll();
});
