import type { Context } from "hono";
import type { SSEStreamingApi } from "hono/streaming";
import type { AppDeps, AppEnv } from "../web/context.ts";
import { liveStream, type LiveStreamOptions } from "../web/live-stream.ts";
import { currentUser } from "./middleware.ts";
import type { CurrentUser } from "./principal.ts";
import { sessionOwner } from "./sessions.ts";
import { loadCurrentUser } from "./users-store.ts";

/**
 * Live streams one session may hold open at once: a person's tabs (browsers open about six per
 * site over HTTP/1.1), with room to spare; thousands on one session doubled the server's memory.
 */
export const STREAMS_PER_SESSION = 20;

/** Open streams per session, per app (tests build many apps). */
const openBySession = new WeakMap<AppDeps, Map<string, number>>();

function counts(deps: AppDeps): Map<string, number> {
  let map = openBySession.get(deps);
  if (!map) {
    map = new Map();
    openBySession.set(deps, map);
  }
  return map;
}

export type UserStreamOptions = Pick<LiveStreamOptions, "subscribe" | "pending" | "heartbeatMs"> & {
  /** Sends the buffer for this user as they are now (their groups and permissions re-read). */
  flush(stream: SSEStreamingApi, user: CurrentUser): Promise<void>;
};

/**
 * The live stream of a signed-in page. Before every flush and heartbeat the session and the user
 * are read again: a stream ends once its session is signed out or expired, or its user is
 * deactivated, and what it sends is filtered by the user's current access, not what they had
 * when the tab opened.
 */
export function userLiveStream(c: Context<AppEnv>, o: UserStreamOptions): Response {
  const deps = c.get("deps");
  const idHash = c.get("sessionIdHash");
  let user: CurrentUser | null = currentUser(c);
  if (!idHash) throw new Error("userLiveStream() used without a session");
  const open = counts(deps);
  const held = open.get(idHash) ?? 0;
  if (held >= STREAMS_PER_SESSION)
    return c.text(
      `Too many live pages open in this browser session (${STREAMS_PER_SESSION}). Close some tabs and reload.`,
      429,
    );
  open.set(idHash, held + 1);
  const userId = user.id;
  return liveStream(c, {
    subscribe: o.subscribe,
    pending: o.pending,
    heartbeatMs: o.heartbeatMs,
    alive: () => {
      user = sessionOwner(deps.db, idHash, deps.clock()) === userId ? loadCurrentUser(deps.db, userId) : null;
      return user !== null;
    },
    flush: (stream) => (user ? o.flush(stream, user) : Promise.resolve()),
    onClose: () => {
      const left = (open.get(idHash) ?? 1) - 1;
      if (left > 0) open.set(idHash, left);
      else open.delete(idHash);
    },
  });
}
