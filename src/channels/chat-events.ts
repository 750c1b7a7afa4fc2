import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { write } from "../db/write.ts";
import { emit } from "../messaging/events.ts";
import { setCallOutcome, storeCall } from "../messaging/calls.ts";
import { findConversationByAddress } from "../messaging/conversations-store.ts";
import type { Services } from "../messaging/services.ts";
import type { ChatPresence, DriverSession, IncomingCall } from "../whatsapp/driver.ts";
import { channelOptions, savePairingProblem } from "./options-store.ts";

/**
 * The driver events that are about a chat rather than a message: calls (stored as a row of the
 * conversation, declined when the channel says so), typing (shown live, never stored) and a
 * pairing WhatsApp blocks (a passkey demand, said on the channel page).
 */
export type ChatEventDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  services: Services;
  /** The channel's running driver session, to decline a call on. */
  liveSession(channelId: number): DriverSession | undefined;
};

export const PASSKEY_PROBLEM = "passkey";

export function createChatEvents(deps: ChatEventDeps) {
  const { db, logger, services } = deps;

  function call(channelId: number, c: IncomingCall): void {
    if (c.group) {
      logger.info({ channelId, callId: c.callId }, "a group call rang; group calls are not shown");
      return;
    }
    if (c.stage === "offer") {
      // A call from the offline queue is long over: there is nothing left to decline.
      const reject = channelOptions(db, channelId)?.reject_calls === 1 && !c.offline;
      const stored = storeCall(db, services.ingest, channelId, c, reject ? "rejected" : "missed");
      if (!stored || !reject) return;
      deps
        .liveSession(channelId)
        ?.chat.rejectCall(c.callId, c.fromJid)
        .catch((err) => logger.warn({ err, channelId, callId: c.callId }, "could not decline the call"));
    } else if (c.stage === "accept") setCallOutcome(db, channelId, c.callId, "answered_elsewhere");
  }

  function presence(channelId: number, chatJid: string, state: ChatPresence): void {
    const conversation = findConversationByAddress(db, channelId, chatJid);
    if (!conversation) return;
    write(db, (tx) =>
      emit(tx, { type: "presence.changed", channelId, conversationId: conversation.id, state }),
    );
  }

  function pairingBlocked(channelId: number): void {
    write(db, (tx) => {
      savePairingProblem(db, channelId, PASSKEY_PROBLEM, deps.clock());
      emit(tx, { type: "channel.changed", channelId });
    });
  }

  return { call, presence, pairingBlocked };
}
