import { jidForPhone, normalizePhone } from "../../phone.ts";
import type { ChatActions, ChatPresence, DriverEvent, SimulatorTold } from "../driver.ts";
import { InjectError } from "./inject.ts";

/**
 * The simulator's side of calls, typing, read receipts and pairing by code: what a customer's phone
 * would make arrive (a call rings and ends, typing starts and stops), and a record of what the
 * channel told the customers (their phones would show blue ticks, "typing…", a declined call).
 */

function callerJid(fromPhone: string): string {
  const r = normalizePhone(fromPhone);
  if (!r.ok) throw new InjectError(`From number: ${r.reason}`);
  return jidForPhone(r.e164);
}

/** A call from a customer, as the Baileys driver reports one: it rings, then ends (or is picked up first). */
export function simulatedCall(
  input: { fromPhone: string; video: boolean; answeredElsewhere?: boolean },
  callId: string,
  now: number,
): DriverEvent[] {
  const fromJid = callerJid(input.fromPhone);
  const base = {
    callId,
    fromJid,
    fromPhone: `+${fromJid.split("@")[0]}`,
    fromLid: null,
    video: input.video,
    group: false,
    timestamp: now,
    offline: false,
  };
  return [
    { type: "call", call: { ...base, stage: "offer" } },
    ...(input.answeredElsewhere ? [{ type: "call", call: { ...base, stage: "accept" } } as const] : []),
    { type: "call", call: { ...base, stage: "ended" } },
  ];
}

export function simulatedTyping(input: { fromPhone: string; state: ChatPresence }): DriverEvent {
  return { type: "presence", chatJid: callerJid(input.fromPhone), state: input.state };
}

/** Chat actions that only record what the customers would have seen. */
export function recordingChat(told: SimulatorTold[], connected: () => boolean): ChatActions {
  const push = (t: SimulatorTold) => {
    if (!connected()) throw new Error("This channel is not connected to WhatsApp.");
    told.push(t);
    // Bounded: a demo left running for weeks keeps the latest only.
    if (told.length > 500) told.splice(0, told.length - 500);
  };
  return {
    async markRead(chatJid, messages) {
      if (messages.length > 0) push({ kind: "read", chatJid, waIds: messages.map((m) => m.waId) });
    },
    async sendTyping(chatJid, state) {
      push({ kind: "typing", chatJid, state });
    },
    async watchPresence() {
      if (!connected()) throw new Error("This channel is not connected to WhatsApp.");
    },
    async rejectCall(callId) {
      push({ kind: "rejected", callId });
    },
  };
}

const CODE_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

/** An 8-character code like WhatsApp's (Crockford-style alphabet, no 0/O/I/U). */
export function newPairingCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}
