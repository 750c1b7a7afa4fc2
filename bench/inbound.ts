import { insertEndpoint } from "../src/webhooks/store.ts";
import { adminCookie, buildPairbox, freshDatabase, getPage } from "./lib/env.ts";
import { atLeast, atMost, scaled, type Figure, type Scale } from "./lib/figures.ts";
import { seedRecords, seedWorkflows } from "./lib/records.ts";
import { customerPhone, seedChannels } from "./lib/seed.ts";
import { percentile, round } from "./lib/stats.ts";

const TEXTS = [
  "hello, is my order ready?",
  "YES please",
  "where is my receipt",
  "price for 3 large?",
  "thanks!",
  "can I get a refund",
  "see you tomorrow",
];

/**
 * Inbound burst: messages enter at the driver boundary (the simulator's inject, which normalises
 * exactly as the Baileys driver does) and go through the session manager into ingest: storage,
 * linking to records, workflow matching and the webhook outbox, each message its own committed
 * transaction. Between batches an agent's inbox list is requested through the HTTP app.
 */
export async function inboundBurst(scale: Scale): Promise<Figure[]> {
  const total = scaled(scale, 100_000);
  const customers = scaled(scale, 100_000);
  const env = freshDatabase("inbound");
  try {
    const now = Date.now();
    const channelIds = seedChannels(env.db, 4, now);
    const pb = await buildPairbox(env.db, { dataDir: env.dir });
    const records = await seedRecords(env.db, pb.features, customers, now);
    const workflows = seedWorkflows(env.db, pb.features, 50, now);
    // The endpoint acts for the administrator, as one made on the settings page would.
    const { cookie, userId } = adminCookie(env.db, now);
    insertEndpoint(
      env.db,
      {
        name: "bench",
        url: "http://127.0.0.1:9/hook",
        events: ["message.inbound"],
        channelIds: [],
        active: true,
      },
      now,
      userId,
    );
    await pb.sessions.startAll();
    const sim = pb.sessions.simulator!;

    const BATCH = 500;
    const listTimes: number[] = [];
    let ingestMs = 0;
    for (let start = 0; start < total; start += BATCH) {
      const t0 = performance.now();
      for (let i = start; i < Math.min(total, start + BATCH); i++) {
        const n = (i * 7919) % customers;
        await sim.inject(channelIds[i % channelIds.length]!, {
          fromPhone: customerPhone(n),
          name: `Customer ${n}`,
          text: TEXTS[i % TEXTS.length]!,
          waId: `BURST${i}`,
        });
      }
      ingestMs += performance.now() - t0;
      const l0 = performance.now();
      await getPage(pb.app, "/inbox/list", cookie);
      listTimes.push(performance.now() - l0);
    }
    const stored = env.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n;
    const deliveries = env.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM webhook_deliveries")
      .get()!.n;
    const runs =
      workflows > 0 ? env.db.query<{ n: number }, []>("SELECT count(*) AS n FROM workflow_runs").get()!.n : 0;
    const links = tableExists(env.db, "conversation_links")
      ? env.db.query<{ n: number }, []>("SELECT count(*) AS n FROM conversation_links").get()!.n
      : 0;
    pb.stop();
    await pb.sessions.stopAll();
    if (stored !== total) throw new Error(`stored ${stored} of ${total} messages`);
    if (deliveries !== total)
      throw new Error(`queued ${deliveries} webhook deliveries for ${total} messages`);
    const skipped = [
      !pb.features.linking
        ? "no linking (records feature absent)"
        : records.note
          ? `records: ${records.note}`
          : null,
      workflows === 0 ? "no workflow matching (workflows absent)" : null,
    ]
      .filter(Boolean)
      .join("; ");
    const what = `${total} msgs, ${customers} customers, ${records.seeded} records (${links} links), ${workflows} workflows (${runs} runs), ${deliveries} webhook deliveries queued`;
    return [
      {
        benchmark: "inbound",
        figure: "Inbound burst throughput",
        value: round(total / (ingestMs / 1000), 0),
        unit: "msg/s",
        target: atLeast(5000),
        note: skipped ? `${what}; ${skipped}` : what,
      },
      {
        benchmark: "inbound",
        figure: "Inbox list p95 during the burst",
        value: round(percentile(listTimes, 95), 1),
        unit: "ms",
        target: atMost(50),
        note: `${listTimes.length} list requests, one after every ${BATCH} messages`,
      },
    ];
  } finally {
    env.db.close();
    env.cleanup();
  }
}

function tableExists(db: import("../src/db/open.ts").Db, name: string): boolean {
  return !!db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}
