import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { write } from "../db/write.ts";
import { emit } from "../messaging/events.ts";
import { setCallOutcome, storeCall } from "../messaging/calls.ts";
import { findConversationByAddress } from "../messaging/conversations-store.ts";
import type { Services } from "../messaging/services.ts";
import type { ChatPresence, DriverEvent, DriverSession, IncomingCall, PollVote } from "../whatsapp/driver.ts";
import { recordPollVote } from "../messaging/polls.ts";

type ChatEvent = Extract<DriverEvent, { type: "call" | "presence" | "pairing-blocked" | "poll-vote" }>;
import { channelOptions, savePairingProblem } from "./options-store.ts";

/**
 * The driver events that are about a chat rather than a message: calls (stored as a row of the
 * conversation, declined when the channel says so), typing (shown live, never stored) and a
 * pairing WhatsApp blocks (a passkey demand, said on the channel page), and votes in a chat's polls.
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

  /** A vote in a poll: a poll we never stored (sent before Pairbox, or its row failed) has none to take it. */
  function pollVote(channelId: number, vote: PollVote): void {
    if (!recordPollVote(db, channelId, vote))
      logger.info({ channelId, poll: vote.pollWaId, type: "poll-vote" }, "vote for an unknown poll");
  }

  /** The chat events, as the session's event applier hands them over. */
  function apply(channelId: number, event: ChatEvent): void {
    if (event.type === "call") call(channelId, event.call);
    else if (event.type === "presence") presence(channelId, event.chatJid, event.state);
    else if (event.type === "pairing-blocked") pairingBlocked(channelId);
    else pollVote(channelId, event.vote);
  }

  return { call, presence, pairingBlocked, pollVote, apply };
}
