import { adminCookie, buildPairbox, freshDatabase } from "./lib/env.ts";
import { atMost, scaled, type Figure, type Scale } from "./lib/figures.ts";
import { customerPhone, seedChannels } from "./lib/seed.ts";
import { percentile, round } from "./lib/stats.ts";

const STREAMS = 20;

/**
 * Live latency: 20 inbox tabs hold /inbox/events open against a real Bun server on 127.0.0.1; each
 * simulated inbound message is timed from the inject call to the moment every stream has read its
 * `inbox-changed` event. The readers run in the same process, so the figure is an upper bound of
 * the time to the event leaving the server (it includes the loopback read).
 */
export async function liveLatency(scale: Scale): Promise<Figure[]> {
  const messages = scaled(scale, 300);
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

    // Each stream counts the inbox-changed events it has read and when it read the latest.
    const seen = Array.from({ length: STREAMS }, () => ({ count: 0, at: 0 }));
    let notify: (() => void) | null = null;
    const opened = await Promise.all(
      seen.map(async (s) => {
        const ac = new AbortController();
        aborts.push(ac);
        const res = await fetch(`${base}/inbox/events`, {
          headers: { cookie, accept: "text/event-stream" },
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
                const k = buffered.indexOf("event: inbox-changed");
                if (k < 0) break;
                buffered = buffered.slice(k + 20);
                s.count += 1;
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
    void opened;
    const sim = pb.sessions.simulator!;
    const latencies: number[] = [];
    for (let i = 0; i < messages; i++) {
      const want = i + 1;
      const all = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`message ${i}: not every stream got its event within 2 s`)),
          2000,
        );
        notify = () => {
          if (seen.every((s) => s.count >= want)) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
      const t0 = performance.now();
      await sim.inject(channelId!, {
        fromPhone: customerPhone(i % 50),
        name: `Customer ${i % 50}`,
        text: `live ${i}`,
        waId: `LIVE${i}`,
      });
      await all;
      for (const s of seen) latencies.push(s.at - t0);
      await Bun.sleep(2);
    }
    pb.stop();
    return [
      {
        benchmark: "live",
        figure: `Inbound → SSE event p95 (${STREAMS} open streams)`,
        value: round(percentile(latencies, 95), 2),
        unit: "ms",
        target: atMost(20),
        note: `${messages} messages × ${STREAMS} streams; median ${round(percentile(latencies, 50), 2)} ms`,
      },
    ];
  } finally {
    for (const ac of aborts) ac.abort();
    server?.stop(true);
    env.db.close();
    env.cleanup();
  }
}
