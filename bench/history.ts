import type { NormalizedMessage } from "../src/whatsapp/driver.ts";
import { buildPairbox, freshDatabase } from "./lib/env.ts";
import { atMost, scaled, type Figure, type Scale } from "./lib/figures.ts";
import { seedRecords, seedWorkflows } from "./lib/records.ts";
import { customerPhone, seedChannels } from "./lib/seed.ts";
import { round } from "./lib/stats.ts";

/**
 * History import: one channel's history sync arrives as the driver's `history` event (what the
 * Baileys driver emits for messaging-history.set) and the session manager stores it in batches.
 * Workflows and records are in place, so "no workflow runs" is checked, not assumed.
 */
export async function historyImport(scale: Scale): Promise<Figure[]> {
  const total = scaled(scale, 50_000);
  const env = freshDatabase("history");
  try {
    const now = Date.now();
    const [channelId] = seedChannels(env.db, 1, now);
    const pb = await buildPairbox(env.db, { dataDir: env.dir });
    await seedRecords(env.db, pb.features, 2_000, now);
    const workflows = seedWorkflows(env.db, pb.features, 50, now);
    await pb.sessions.startAll();
    const emit = pb.emitters.get(channelId!);
    if (!emit) throw new Error("the simulator session was not started");

    const chats = 2_000;
    const messages: { message: NormalizedMessage; media: null }[] = [];
    for (let i = 0; i < total; i++) {
      const n = i % chats;
      const phone = customerPhone(n);
      const inbound = i % 3 !== 2;
      messages.push({
        media: null,
        message: {
          channelId: channelId!,
          waId: `HIST${i}`,
          chatJid: `${phone.slice(1)}@s.whatsapp.net`,
          kind: "direct",
          direction: inbound ? "inbound" : "outbound",
          fromPhone: !inbound,
          senderPhone: inbound ? phone : null,
          senderLid: null,
          senderName: inbound ? `Customer ${n}` : "",
          peerPhone: phone,
          peerLid: null,
          text: `history message ${i}: YES invoice please`,
          type: "text",
          timestamp: Date.UTC(2025, 0, 1) + i * 60_000,
        },
      });
    }
    const t0 = performance.now();
    emit({ type: "history", messages });
    const ms = performance.now() - t0;
    const stored = env.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM messages WHERE from_history = 1")
      .get()!.n;
    const runs =
      workflows > 0
        ? env.db.query<{ n: number }, []>("SELECT count(*) AS n FROM workflow_runs").get()!.n
        : null;
    pb.stop();
    await pb.sessions.stopAll();
    if (stored !== total) throw new Error(`stored ${stored} of ${total} history messages`);
    return [
      {
        benchmark: "history",
        figure: `History import of ${total.toLocaleString("en-GB")} messages`,
        value: round(ms / 1000, 2),
        unit: "s",
        target: atMost(scale.quick ? 10 * scale.factor : 10),
        note: `${chats} chats, ${round(total / (ms / 1000), 0)} msg/s`,
      },
      {
        benchmark: "history",
        figure: "Workflow runs started by history",
        value: runs,
        unit: "runs",
        target: atMost(0),
        notMeasured: runs === null,
        note:
          runs === null
            ? "workflows absent: not measured"
            : `${workflows} active workflows; live, these texts would start the catch-all and *invoice* ones`,
      },
    ];
  } finally {
    env.db.close();
    env.cleanup();
  }
}
