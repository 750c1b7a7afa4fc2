import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import { sessionChannel } from "./session-store.ts";
import type { SessionEvent } from "./sessions.ts";

const GIVE_UP_FOR_MS = 60_000;

export type WaitDeps = {
  db: Db;
  clock: Clock;
  hasCredentials: (channelId: number) => boolean;
  on: (listener: (e: SessionEvent) => void) => () => void;
  /** How long a send waits for a paired channel that is reconnecting (after a restart or a drop). */
  waitMs: number;
};

/**
 * A send to a paired channel that is reconnecting waits (briefly) for it instead of failing at once:
 * messages queued before a restart, or written during a network blip, still go. A channel that did
 * not come back in time is not waited for again for a minute, so a long outage fails sends promptly.
 */
export function createConnectWait(deps: WaitDeps) {
  const gaveUpAt = new Map<number, number>();
  const connected = (channelId: number) => sessionChannel(deps.db, channelId)?.status === "connected";

  return async function untilConnected(channelId: number): Promise<void> {
    if (connected(channelId) || !deps.hasCredentials(channelId)) return;
    const gaveUp = gaveUpAt.get(channelId);
    if (gaveUp !== undefined && deps.clock() - gaveUp < GIVE_UP_FOR_MS) return;
    const came = await new Promise<boolean>((resolve) => {
      const off = deps.on((e) => {
        if (e.channelId !== channelId || !connected(channelId)) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, deps.waitMs);
    });
    if (came) gaveUpAt.delete(channelId);
    else gaveUpAt.set(channelId, deps.clock());
  };
}
