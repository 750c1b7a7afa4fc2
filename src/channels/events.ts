import type { Context } from "hono";
import type { AppDeps, AppEnv } from "../web/context.ts";
import { userLiveStream } from "../auth/live-session.ts";
import { accessibleChannelIds } from "./access.ts";
import { write } from "../db/write.ts";
import { emit } from "../messaging/events.ts";

/**
 * Calls back with a channel id whenever something the channels pages show may have changed:
 * a session event (new QR, status, activity) or a change published on the live hub. Listeners
 * read the database afterwards, and both sources announce only after their writes committed.
 */
export function subscribeChannelChanges(
  deps: Pick<AppDeps, "services" | "sessions">,
  listener: (channelId: number) => void,
): () => void {
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

/** Tells open channel pages, inbox tabs and webhooks that a channel changed: after edit, add, delete. */
export function announceChannelChange(deps: Pick<AppDeps, "db">, channelId: number): void {
  write(deps.db, (tx) => emit(tx, { type: "channel.changed", channelId }));
}

/**
 * A server-sent-event stream of `channel-changed` events, for one channel's page (channelId) or the
 * list (null). It carries no HTML: the page refetches its own fragment through htmx, so what lands
 * is nonce-checked like any response. Only channels the user may see are announced.
 */
export function channelEventsResponse(c: Context<AppEnv>, channelId: number | null): Response {
  const deps = c.get("deps");
  const changed = new Set<number>();
  return userLiveStream(c, {
    subscribe: (wake) =>
      subscribeChannelChanges(deps, (id) => {
        if (channelId !== null && id !== channelId) return;
        changed.add(id);
        wake();
      }),
    pending: () => changed.size > 0,
    async flush(stream, user) {
      // Access may have changed since the last batch (that may be the very change announced): re-read it.
      const visible = new Set(accessibleChannelIds(deps.db, user));
      const ids = [...changed].filter((id) => visible.has(id));
      changed.clear();
      if (ids.length > 0) await stream.writeSSE({ event: "channel-changed", data: ids.join(",") });
    },
  });
}
