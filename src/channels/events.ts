import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppDeps, AppEnv } from "../web/context.ts";
import { currentUser } from "../auth/middleware.ts";
import { accessibleChannelIds } from "./access.ts";

const HEARTBEAT_MS = 20_000;

type BunServerLike = { timeout?: (req: Request, seconds: number) => void };

/**
 * Calls back with a channel id whenever something the channels pages show may have changed:
 * a session event (new QR, status, activity) or a change published on the live hub. Listeners
 * read the database afterwards, and both sources announce only after their writes committed.
 */
export function subscribeChannelChanges(deps: Pick<AppDeps, "services" | "sessions">, listener: (channelId: number) => void): () => void {
  // Messages are activity too, but the session manager announces activity itself: only status here.
  const offHub = deps.services.hub.subscribe((event) => {
    if (event.type === "channel.status") listener(event.channelId);
  });
  const offSessions = deps.sessions.on((event) => listener(event.channelId));
  return () => {
    offHub();
    offSessions();
  };
}

/** Tells open channel pages (and inbox tabs) that a channel changed: after edit, add, delete. */
export function announceChannelChange(deps: Pick<AppDeps, "services">, channelId: number): void {
  deps.services.hub.publish({ type: "channel.status", channelId });
}

/**
 * A server-sent-event stream of `channel-changed` events, for one channel's page (channelId) or the
 * list (null). It carries no HTML: the page refetches its own fragment through htmx, so what lands
 * is nonce-checked like any response. Only channels the user may see are announced.
 */
export function channelEventsResponse(c: Context<AppEnv>, channelId: number | null): Response {
  const deps = c.get("deps");
  const user = currentUser(c);
  (c.env as BunServerLike | undefined)?.timeout?.(c.req.raw, 0);

  return streamSSE(c, async (stream) => {
    const pending = new Set<number>();
    let wake: (() => void) | null = null;
    let closed = false;
    const unsubscribe = subscribeChannelChanges(deps, (id) => {
      if (channelId !== null && id !== channelId) return;
      pending.add(id);
      wake?.();
    });
    stream.onAbort(() => {
      closed = true;
      unsubscribe();
      wake?.();
    });
    // Write at once: a stream that opens silently is never delivered to a second tab.
    await stream.write(": connected\n\n");
    let lastBeat = Date.now();
    while (!closed) {
      if (pending.size === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HEARTBEAT_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
      if (closed) break;
      if (Date.now() - lastBeat >= HEARTBEAT_MS) {
        await stream.write(": heartbeat\n\n");
        lastBeat = Date.now();
      }
      if (pending.size === 0) continue;
      // Access may have changed since the last batch (that may be the very change announced): re-read it.
      const visible = new Set(accessibleChannelIds(deps.db, user));
      const ids = [...pending].filter((id) => visible.has(id));
      pending.clear();
      if (ids.length === 0) continue;
      await stream.writeSSE({ event: "channel-changed", data: ids.join(",") });
    }
  });
}
