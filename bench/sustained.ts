import { insertEndpoint } from "../src/webhooks/store.ts";
import { normalizeInjected } from "../src/whatsapp/simulator/inject.ts";
import { adminCookie, buildPairbox, freshDatabase } from "./lib/env.ts";
import { atLeast, scaled, type Figure, type Scale } from "./lib/figures.ts";
import { seedRecords, seedWorkflows } from "./lib/records.ts";
import { customerPhone, seedChannels } from "./lib/seed.ts";
import { round } from "./lib/stats.ts";

const DAY = 24 * 60 * 60 * 1000;
const BURST = 250;

/**
 * Sustained end to end (issue 17, target 2): messages keep arriving in bursts through the sessions'
 * emit, with linking to 20,000 records, 50 workflows and a webhook endpoint, and the job runner on
 * (as main.ts starts it) over 3,000,000 finished jobs: every webhook delivery is POSTed to a receiver
 * on 127.0.0.1 and every workflow step runs. The figure is messages per second from the first
 * message until the last one is stored and every job it caused has finished: nothing left queued.
 */
export async function sustained(scale: Scale): Promise<Figure[]> {
  const total = scaled(scale, 30_000);
  const finished = scaled(scale, 3_000_000);
  const customers = scaled(scale, 20_000);
  const env = freshDatabase("sustained");
  const received = { n: 0 };
  const receiver = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      await req.arrayBuffer();
      received.n += 1;
      return new Response("ok");
    },
  });
  try {
    const now = Date.now();
    env.db.exec(`
      WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${finished - 1})
      INSERT INTO jobs (kind, payload, status, run_at, attempts, created_at, finished_at)
      SELECT CASE n % 3 WHEN 0 THEN 'webhook.deliver' ELSE 'workflow.step' END, '{"n":' || n || '}', 'done',
        ${now - 20 * DAY} + n, 1, ${now - 20 * DAY} + n, ${now - 20 * DAY} + n FROM seq`);
    const channelIds = seedChannels(env.db, 4, now);
    const pb = await buildPairbox(env.db, { dataDir: env.dir });
    const { userId } = adminCookie(env.db, now);
    // The records have an owner, so each run's Notify step renders its template and rings a bell
    // (with no owner, every run would fail at once and the bench would time a shortcut).
    const records = await seedRecords(env.db, pb.features, customers, now, userId);
    const workflows = seedWorkflows(env.db, pb.features, 50, now);
    insertEndpoint(
      env.db,
      {
        name: "bench",
        url: `http://127.0.0.1:${receiver.port}/hook`,
        events: ["message.inbound"],
        channelIds: [],
        active: true,
      },
      now,
      userId,
    );
    await pb.sessions.startAll();
    pb.services.jobs.start();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let start = 0; start < total; start += BURST) {
      const pending: (void | Promise<void>)[] = [];
      for (let i = start; i < Math.min(total, start + BURST); i++) {
        const n = (i * 7919) % customers;
        const channelId = channelIds[i % channelIds.length]!;
        const input = {
          fromPhone: customerPhone(n),
          name: `Customer ${n}`,
          text: i % 2 ? "YES please" : "order?",
        };
        const { message } = normalizeInjected(
          channelId,
          input,
          `SUST${i}`,
          Math.floor(Date.now() / 1000) * 1000,
        );
        pending.push(pb.emitters.get(channelId)!({ type: "message", message, media: null }));
      }
      await Promise.all(pending);
      // Let the runner have its turns between bursts, as between a live channel's socket reads.
      await Bun.sleep(0);
    }
    // Whether any job is left, not how many: counting tens of thousands of queued jobs every 5 ms
    // took as much CPU as the runner it waits for.
    const live = env.db.query<{ n: number }, []>(
      "SELECT EXISTS (SELECT 1 FROM jobs WHERE status IN ('pending','running')) AS n",
    );
    while (live.get()!.n > 0) await Bun.sleep(5);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await pb.services.jobs.stop();
    const count = (sql: string) => env.db.query<{ n: number }, []>(sql).get()!.n;
    const stored = count("SELECT count(*) AS n FROM messages");
    const runs = workflows > 0 ? count("SELECT count(*) AS n FROM workflow_runs") : 0;
    const runsFailed =
      workflows > 0 ? count("SELECT count(*) AS n FROM workflow_runs WHERE status <> 'done'") : 0;
    const notified = count("SELECT count(*) AS n FROM notifications");
    const failed = count(`SELECT count(*) AS n FROM jobs WHERE status = 'failed' AND created_at >= ${now}`);
    pb.stop();
    await pb.sessions.stopAll();
    if (stored !== total) throw new Error(`stored ${stored} of ${total} messages`);
    return [
      {
        benchmark: "sustained",
        figure: "Sustained end to end, job runner on, 3,000,000 finished jobs",
        value: round(total / seconds, 0),
        unit: "msg/s",
        target: atLeast(2_500),
        note: `${total.toLocaleString("en-GB")} msgs in bursts of ${BURST}, ${records.seeded} records, ${workflows} workflows (${runs} runs, every step run, ${runsFailed} not done, ${notified} notifications), ${received.n} webhook deliveries POSTed to 127.0.0.1, ${failed} jobs failed; timed until no job is left queued; CPU ${round((cpu.user + cpu.system) / 1000 / total, 2)} ms/msg (${round(cpu.user / 1e6, 1)} s user, ${round(cpu.system / 1e6, 1)} s sys)`,
      },
    ];
  } finally {
    receiver.stop(true);
    env.db.close();
    env.cleanup();
  }
}
