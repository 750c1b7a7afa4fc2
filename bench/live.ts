import { adminCookie, buildPairbox, freshDatabase } from "./lib/env.ts";
import { atMost, scaled, type Figure, type Scale } from "./lib/figures.ts";
import { customerPhone, seedChannels } from "./lib/seed.ts";
import { percentile, round } from "./lib/stats.ts";
import { normalizeInjected } from "../src/whatsapp/simulator/inject.ts";

const STREAMS = 50;
/** Messages arriving together, as a busy minute of several channels delivers them. */
const BURST = 20;

/**
 * Live latency during a burst: 50 inbox tabs hold /inbox/events open against a real Bun server on
 * 127.0.0.1; inbound messages arrive in bursts of 20 through the sessions' emit (group-committed),
 * each burst timed from its first emit to the moment every stream has read the `inbox-changed`
 * event that covers it; meanwhile one more tab loads /inbox/list over HTTP. Events are coalesced
 * per stream, so each tab should get one event (one write) per burst. The readers run in the same
 * process, so the figure is an upper bound of the time to the event leaving the server.
 */
export async function liveLatency(scale: Scale): Promise<Figure[]> {
  const messages = scaled(scale, 2_000);
  const env = freshDatabase("live");
  let server: ReturnType<typeof Bun.serve> | null = null;
  const aborts: AbortController[] = [];
  try {
    const now = Date.now();
    const [channelId] = seedChannels(env.db, 1, now);
    const pb = await buildPairbox(env.db, { dataDir: env.dir });
    const { cookie } = adminCookie(env.db, now);
    await pb.sessions.startAll();
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req, srv) => pb.app.fetch(req, srv),
      idleTimeout: 30,
    });
    const base = `http://127.0.0.1:${server.port}`;

    // Each stream counts the inbox-changed events it has read, the messages they covered, and when.
    const seen = Array.from({ length: STREAMS }, () => ({ events: 0, covered: 0, at: 0 }));
    let notify: (() => void) | null = null;
    await Promise.all(
      seen.map(async (s, i) => {
        const ac = new AbortController();
        aborts.push(ac);
        // 50 agents, each signed in with a tab open (a session holds at most 20 streams).
        const agent = i === 0 ? cookie : adminCookie(env.db, now + i).cookie;
        const res = await fetch(`${base}/inbox/events`, {
          headers: { cookie: agent, accept: "text/event-stream" },
          signal: ac.signal,
        });
        if (res.status !== 200 || !res.body) throw new Error(`/inbox/events answered ${res.status}`);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffered = "";
        const first = await reader.read(); // ": connected"
        buffered += decoder.decode(first.value ?? new Uint8Array());
        void (async () => {
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) return;
              buffered += decoder.decode(value);
              for (;;) {
                const m = /event: inbox-changed\ndata: (\d+)\n\n/.exec(buffered);
                if (!m) break;
                buffered = buffered.slice(m.index + m[0].length);
                s.events += 1;
                s.covered += Number(m[1]);
                s.at = performance.now();
                notify?.();
              }
            }
          } catch {
            // aborted at the end
          }
        })();
      }),
    );
    const emit = pb.emitters.get(channelId!)!;
    const latencies: number[] = [];
    const pages: number[] = [];
    const bursts = Math.max(1, Math.floor(messages / BURST));
    for (let b = 0; b < bursts; b++) {
      const want = (b + 1) * BURST;
      const all = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`burst ${b}: not every stream got its event within 5 s`)),
          5000,
        );
        notify = () => {
          if (seen.every((s) => s.covered >= want)) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
      const t0 = performance.now();
      const stored: (void | Promise<void>)[] = [];
      for (let k = 0; k < BURST; k++) {
        const i = b * BURST + k;
        const input = { fromPhone: customerPhone(i % 500), name: `Customer ${i % 500}`, text: `live ${i}` };
        const { message } = normalizeInjected(
          channelId!,
          input,
          `LIVE${i}`,
          Math.floor(Date.now() / 1000) * 1000,
        );
        stored.push(emit({ type: "message", message, media: null }));
      }
      const page = (async () => {
        const p0 = performance.now();
        const res = await fetch(`${base}/inbox/list`, { headers: { cookie } });
        await res.text();
        if (res.status !== 200) throw new Error(`/inbox/list answered ${res.status}`);
        pages.push(performance.now() - p0);
      })();
      await Promise.all([...stored, all, page]);
      for (const s of seen) latencies.push(s.at - t0);
      await Bun.sleep(5);
    }
    const eventsPerBurst = seen.reduce((n, s) => n + s.events, 0) / STREAMS / bursts;
    pb.stop();
    return [
      {
        benchmark: "live",
        figure: `Inbound → SSE event p95, ${STREAMS} open tabs, bursts of ${BURST}`,
        value: round(percentile(latencies, 95), 2),
        unit: "ms",
        target: atMost(50),
        note: `${bursts} bursts × ${STREAMS} streams; median ${round(percentile(latencies, 50), 2)} ms`,
      },
      {
        benchmark: "live",
        figure: `Inbox list p95 over HTTP during those bursts (${STREAMS} tabs open)`,
        value: round(percentile(pages, 95), 1),
        unit: "ms",
        target: atMost(50),
        note: `${pages.length} requests, one per burst`,
      },
      {
        benchmark: "live",
        figure: "SSE events per tab per burst (coalesced)",
        value: round(eventsPerBurst, 2),
        unit: "events",
        target: atMost(1),
        note: `one event per stream per committed batch, however many messages it holds`,
      },
    ];
  } finally {
    for (const ac of aborts) ac.abort();
    server?.stop(true);
    env.db.close();
    env.cleanup();
  }
}
