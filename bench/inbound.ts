import { insertEndpoint } from "../src/webhooks/store.ts";
import { adminCookie, buildPairbox, freshDatabase, getPage } from "./lib/env.ts";
import { atLeast, atMost, scaled, type Figure, type Scale } from "./lib/figures.ts";
import { seedRecords, seedWorkflows } from "./lib/records.ts";
import { customerPhone, seedChannels } from "./lib/seed.ts";
import { percentile, round } from "./lib/stats.ts";
import { rawCopy } from "./lib/raw-rows.ts";
import { normalizeInjected } from "../src/whatsapp/simulator/inject.ts";

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
 * linking to records, workflow matching and the webhook outbox, group-committed (messaging/intake.ts).
 * Between bursts an agent's inbox list is requested through the HTTP app.
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

    // Messages arrive together, as from several channels and WhatsApp's offline queues at once: each
    // burst of BATCH is handed to the sessions' emit in one go, and each message counts as stored when
    // its emit's promise settles (its group's commit), as the Baileys driver waits before its receipt.
    const BATCH = 500;
    const listTimes: number[] = [];
    let ingestMs = 0;
    const raw = rawCopy(env.db, env.dbPath);
    let batches = 0;
    const deliver = (i: number) => {
      const n = (i * 7919) % customers;
      const channelId = channelIds[i % channelIds.length]!;
      const input = { fromPhone: customerPhone(n), name: `Customer ${n}`, text: TEXTS[i % TEXTS.length]! };
      const { message } = normalizeInjected(
        channelId,
        input,
        `BURST${i}`,
        Math.floor(Date.now() / 1000) * 1000,
      );
      return pb.emitters.get(channelId)!({ type: "message", message, media: null });
    };
    const burst = Math.floor(total * 0.9);
    for (let start = 0; start < burst; start += BATCH) {
      const t0 = performance.now();
      const pending: (void | Promise<void>)[] = [];
      for (let i = start; i < Math.min(burst, start + BATCH); i++) pending.push(deliver(i));
      await Promise.all(pending);
      ingestMs += performance.now() - t0;
      batches += 1;
      const l0 = performance.now();
      await getPage(pb.app, "/inbox/list", cookie);
      listTimes.push(performance.now() - l0);
    }
    // The rest arrive paced, at half the rate the burst reached (at most 1,000 msg/s), spread over the
    // channels: how long a message waits for the commit of its group (the latency group commit adds)
    // when traffic is steady and below capacity, so that no backlog builds up and is counted instead.
    const rate = Math.min(1000, Math.floor(burst / (ingestMs / 1000) / 2));
    const waits = await pacedArrivals(burst, total, deliver, rate);
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
    const rawRate = raw.measure(batches);
    const intake = burst / (ingestMs / 1000);
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
        figure: "Inbound burst throughput (group commit, synchronous=FULL)",
        value: round(intake, 0),
        unit: "msg/s",
        target: atLeast(5000),
        note: skipped ? `${what}; ${skipped}` : what,
      },
      {
        benchmark: "inbound",
        figure: "Same rows inserted raw, same run (the physical limit)",
        value: round(rawRate, 0),
        unit: "msg/s",
        target: null,
        note: `INSERT … SELECT of every row the burst wrote, ${batches} transactions, same schema and pragmas`,
      },
      {
        benchmark: "inbound",
        figure: "Intake / raw insert of the same rows",
        value: round(intake / rawRate, 2),
        unit: "ratio",
        target: null,
      },
      {
        benchmark: "inbound",
        figure: "Wait for the group's commit p95, steady traffic",
        value: round(percentile(waits, 95), 1),
        unit: "ms",
        target: atMost(10),
        note: `${waits.length} messages at ${rate} msg/s (half the burst's rate, at most 1,000), from the emit until its commit`,
      },
      {
        benchmark: "inbound",
        figure: "Inbox list p95 during the burst",
        value: round(percentile(listTimes, 95), 1),
        unit: "ms",
        target: atMost(50),
        note: `${listTimes.length} list requests, one after every burst of ${BATCH} messages`,
      },
    ];
  } finally {
    env.db.close();
    env.cleanup();
  }
}

/** Messages [from, to) at `rate` per second (timer-paced); each one's time to its commit. */
async function pacedArrivals(
  from: number,
  to: number,
  deliver: (i: number) => void | Promise<void>,
  rate: number,
): Promise<number[]> {
  const waits: number[] = [];
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = from; i < to; i++) {
    const due = t0 + ((i - from) * 1000) / rate;
    const ahead = due - performance.now();
    if (ahead > 1) await Bun.sleep(ahead);
    const sent = performance.now();
    inFlight.push(Promise.resolve(deliver(i)).then(() => void waits.push(performance.now() - sent)));
  }
  await Promise.all(inFlight);
  return waits;
}

function tableExists(db: import("../src/db/open.ts").Db, name: string): boolean {
  return !!db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}
