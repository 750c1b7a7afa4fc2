import type { Context } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";

/** How often an idle stream writes a comment, so proxies and browsers keep it open. */
export const HEARTBEAT_MS = 20_000;

type BunServerLike = { timeout?: (req: Request, seconds: number) => void };

export type LiveStreamOptions = {
  /** Starts listening; calls `wake` whenever there may be something to send. Returns the unsubscribe. */
  subscribe(wake: () => void): () => void;
  /** Whether the caller's buffer holds something to send. */
  pending(): boolean;
  /** Sends (and empties) the buffer. Runs only after the database writes it reports committed. */
  flush(stream: SSEStreamingApi): Promise<void>;
  /** Runs before each heartbeat (e.g. to re-read what the user may see). */
  onHeartbeat?(): void;
  /** Checked before every flush and heartbeat: false ends the stream (signed out, deactivated). */
  alive?(): boolean;
  /** Runs once when the stream ends, whoever ended it. */
  onClose?(): void;
  heartbeatMs?: number;
};

/**
 * The one server-sent-events loop of the live pages: no idle timeout, written to at once (a stream
 * that opens silently is never delivered to a second tab), a heartbeat comment when idle, and the
 * caller's buffer flushed each time it is woken, until the browser goes away.
 */
export function liveStream(c: Context, o: LiveStreamOptions): Response {
  const heartbeatMs = o.heartbeatMs ?? HEARTBEAT_MS;
  // Bun closes idle connections after 10 s unless told otherwise (Hono hands Bun's server in as env).
  (c.env as BunServerLike | undefined)?.timeout?.(c.req.raw, 0);
  // Proxies (nginx) must pass events through as they come, not buffer them.
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    let wake: (() => void) | null = null;
    let closed = false;
    const unsubscribe = o.subscribe(() => wake?.());
    const end = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      o.onClose?.();
      wake?.();
    };
    stream.onAbort(end);
    try {
      await stream.write(": connected\n\n");
      let lastBeat = Date.now();
      while (!closed) {
        if (!o.pending()) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
        if (closed) break;
        const beat = Date.now() - lastBeat >= heartbeatMs;
        if ((beat || o.pending()) && o.alive && !o.alive()) break;
        if (beat) {
          o.onHeartbeat?.();
          await stream.write(": heartbeat\n\n");
          lastBeat = Date.now();
        }
        if (o.pending()) await o.flush(stream);
      }
    } finally {
      end();
    }
  });
}
