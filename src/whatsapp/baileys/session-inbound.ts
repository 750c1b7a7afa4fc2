import { jidNormalizedUser } from "@whiskeysockets/baileys";
import type { EmitEvent } from "../driver.ts";
import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import { pruneRawMessages, storeRawMessage } from "./cache-store.ts";
import { createInbound, type Inbound } from "./inbound.ts";
import { mediaSource, type MediaContext } from "./media.ts";
import { ACTIVITY_EVERY_MS, PRUNE_EVERY_MS, type SessionOptions } from "./session-options.ts";
import type { BaileysLogger, DriverSocket } from "./socket.ts";

/** What the inbound side needs to know of the session it belongs to. */
export type SessionView = {
  /** The socket while it is open (downloads and lookups need a live connection), else null. */
  openSocket(): DriverSocket | null;
  /** The current socket, open or not: its `user` names our own account. */
  socket(): DriverSocket | null;
  emit: EmitEvent;
  log: BaileysLogger;
  isOwnSend(waId: string): boolean;
};

/**
 * Builds a session's inbound translation and its media context. Both read the session through
 * `view`, so they always see its current socket, never one it has since replaced.
 */
export function createSessionInbound(
  channelId: number,
  o: SessionOptions,
  view: SessionView,
): { inbound: Inbound; media: MediaContext } {
  const media: MediaContext = {
    socket: () => view.openSocket(),
    logger: view.log,
    timeouts: o.timeouts,
    maxBytes: o.maxMediaBytes,
    refreshed: (msg) => storeRawMessage(o.db, channelId, msg, o.clock()),
    download: o.download,
  };
  const own = (jid: string | undefined) => (jid ? jidNormalizedUser(jid) : null);
  const inbound = createInbound({
    db: o.db,
    channelId,
    clock: o.clock,
    emit: view.emit,
    logger: view.log,
    socket: () => view.openSocket(),
    ownJid: () => own(view.socket()?.user?.id),
    ownLid: () => own(view.socket()?.user?.lid),
    isOwnSend: (id) => view.isOwnSend(id),
    media: (msg) => mediaSource(msg, media),
  });
  return { inbound, media };
}

/**
 * Called on every inbound event: tells the channel it is alive at most every ACTIVITY_EVERY_MS (the
 * channel page's "last activity") and prunes stored raw messages at most every PRUNE_EVERY_MS.
 */
export function activityTicker(db: Db, clock: Clock, alive: () => void): () => void {
  let lastActivity = -Infinity;
  let lastPrune = -Infinity;
  return () => {
    const now = clock();
    if (now - lastActivity < ACTIVITY_EVERY_MS) return;
    lastActivity = now;
    alive();
    if (now - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now;
      pruneRawMessages(db, now);
    }
  };
}
