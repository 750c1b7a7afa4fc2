import { adminCookie, buildPairbox, freshDatabase, getPage } from "./lib/env.ts";
import { atMost, scaled, type Figure, type Scale } from "./lib/figures.ts";
import { RARE_WORDS, seedChannels, seedInbox } from "./lib/seed.ts";
import { percentile, round, timeEach } from "./lib/stats.ts";

const REQUESTS = 200;
/** Searches people type: rare words (few hits), common words (tens of thousands), a prefix, two words. */
const SEARCHES = [...RARE_WORDS, "invoice", "refund", "tracki", "hotel room", "zepp"];

/**
 * Inbox at scale: 100,000 conversations and 1,000,000 messages over four channels, then each page
 * an agent opens, 200 times through the HTTP app (routing, session, access check, SQL, rendering).
 */
export async function inboxAtScale(scale: Scale): Promise<Figure[]> {
  const conversations = scaled(scale, 100_000);
  const messages = scaled(scale, 1_000_000);
  const bigChat = scaled(scale, 5_000);
  const env = freshDatabase("scale");
  try {
    const now = Date.now();
    const channelIds = seedChannels(env.db, 4, now);
    const s0 = performance.now();
    const { bigConversationId } = seedInbox(env.db, { channelIds, conversations, messages, bigChat });
    const seedS = round((performance.now() - s0) / 1000, 1);
    const pb = await buildPairbox(env.db, { dataDir: env.dir });
    const { cookie } = adminCookie(env.db, now);

    // Deep cursors: the (last_message_at, id) of conversations 60-95% down the list.
    const ordered = env.db
      .query<{ at: number; id: number }, []>(
        "SELECT last_message_at AS at, id FROM conversations ORDER BY last_message_at DESC, id DESC",
      )
      .all();
    const deep = Array.from(
      { length: 20 },
      (_, i) => ordered[Math.floor(ordered.length * (0.6 + i * 0.0175))]!,
    );

    await getPage(pb.app, "/inbox/list", cookie); // warm the statement cache, as a running server has
    const first = await timeEach(REQUESTS, () => getPage(pb.app, "/inbox/list", cookie));
    const deepTimes = await timeEach(REQUESTS, (i) => {
      const c = deep[i % deep.length]!;
      return getPage(pb.app, `/inbox/list?before=${c.at}:${c.id}`, cookie);
    });
    const view = await timeEach(REQUESTS, () => getPage(pb.app, `/inbox/c/${bigConversationId}`, cookie));
    const search = await timeEach(REQUESTS, (i) =>
      getPage(pb.app, `/inbox?q=${encodeURIComponent(SEARCHES[i % SEARCHES.length]!)}`, cookie),
    );
    const searchBy = SEARCHES.map((q, k) => ({
      q,
      p95: percentile(
        search.filter((_, i) => i % SEARCHES.length === k),
        95,
      ),
    })).sort((a, b) => b.p95 - a.p95);
    pb.stop();
    const data = `${conversations} conversations, ${messages} messages (seeded in ${seedS} s)`;
    return [
      {
        benchmark: "inbox",
        figure: "Conversation list, first page p95",
        value: round(percentile(first, 95)),
        unit: "ms",
        target: atMost(20),
        note: data,
      },
      {
        benchmark: "inbox",
        figure: "Conversation list, deep cursor page p95",
        value: round(percentile(deepTimes, 95)),
        unit: "ms",
        target: atMost(20),
        note: "cursors 60-95% down the list",
      },
      {
        benchmark: "inbox",
        figure: `Conversation view (${bigChat.toLocaleString("en-GB")}-message chat) p95`,
        value: round(percentile(view, 95)),
        unit: "ms",
        target: atMost(20),
      },
      {
        benchmark: "inbox",
        figure: "Full-text search p95",
        value: round(percentile(search, 95)),
        unit: "ms",
        target: atMost(50),
        note: `slowest: ${searchBy
          .slice(0, 3)
          .map((s) => `"${s.q}" ${round(s.p95)} ms`)
          .join(", ")}`,
      },
    ];
  } finally {
    env.db.close();
    env.cleanup();
  }
}
