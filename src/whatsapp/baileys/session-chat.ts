import type { ChatActions, DriverEvent, EmitEvent } from "../driver.ts";
import { callEvents, presenceEvents } from "./chat-events.ts";
import type { BaileysLogger, DriverSocket } from "./socket.ts";

/**
 * What a linked device tells WhatsApp about the chat rather than sends in it: read receipts,
 * typing, presence subscriptions, declined calls; and what it hears back (calls, typing, a
 * passkey demand while pairing). Kept apart from the message path: none of it is stored by Baileys.
 */

/**
 * Notifications WhatsApp sends while linking an account that demands a passkey (Baileys issue 2672,
 * PR 2696): Baileys acks and drops them, and the phone then waits for ever. Listened to raw.
 */
export const PASSKEY_NOTIFICATIONS = ["passkey_prologue_request", "crsc_continuation"] as const;

/** The session's emit: a failing listener is logged, never thrown into Baileys. */
export function guardedEmit(emit: EmitEvent, log: BaileysLogger): (event: DriverEvent) => Promise<void> {
  const failed = (event: DriverEvent, err: unknown) =>
    log.warn({ event: event.type, reason: (err as Error)?.message }, "a driver event handler failed");
  // Settles once Pairbox stored what the event carries (a message's group committed), never rejects:
  // the receipt of a message waits for it (handOver).
  return (event) => {
    try {
      return Promise.resolve(emit(event)).catch((err) => failed(event, err));
    } catch (err) {
      failed(event, err);
      return Promise.resolve();
    }
  };
}

export function listenToChat(
  sock: DriverSocket,
  d: {
    isCurrent(sock: DriverSocket): boolean;
    emit(e: DriverEvent): void;
    log: BaileysLogger;
    now(): number;
  },
): void {
  const guarded =
    <A>(what: string, fn: (arg: A) => DriverEvent[]) =>
    (arg: A) => {
      if (!d.isCurrent(sock)) return;
      try {
        for (const e of fn(arg)) d.emit(e);
      } catch (err) {
        d.log.warn({ event: what, reason: (err as Error)?.message }, "a WhatsApp event could not be handled");
      }
    };
  sock.ev.on(
    "call",
    guarded("call", (calls) => callEvents(calls, d.now())),
  );
  sock.ev.on("presence.update", guarded("presence.update", presenceEvents));
  for (const type of PASSKEY_NOTIFICATIONS)
    sock.ws.on(
      `CB:notification,type:${type}`,
      guarded(type, () => {
        d.log.warn({ notification: type }, "WhatsApp asks this account for a passkey to link a device");
        return [{ type: "pairing-blocked", reason: "passkey" }];
      }),
    );
}

/** The session's chat actions on its live socket (`socket()` throws when there is none). */
export function chatActions(socket: () => DriverSocket): ChatActions {
  return {
    async markRead(chatJid, messages) {
      if (messages.length === 0) return;
      const keys = messages.map((m) => ({
        remoteJid: chatJid,
        id: m.waId,
        fromMe: false,
        ...(m.participantJid ? { participant: m.participantJid } : {}),
      }));
      await socket().readMessages(keys);
    },
    async sendTyping(chatJid, state) {
      await socket().sendPresenceUpdate(state, chatJid);
    },
    async watchPresence(chatJid) {
      await socket().presenceSubscribe(chatJid);
    },
    async rejectCall(callId, fromJid) {
      await socket().rejectCall(callId, fromJid);
    },
  };
}
