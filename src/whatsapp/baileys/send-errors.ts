import type { ConnectionState } from "@whiskeysockets/baileys";
import type { DriverEvent } from "../driver.ts";

/**
 * What WhatsApp says when it refuses a message after accepting it (an error in its ack, reported
 * by Baileys as a failed status with the code), in words for the person who sent it.
 */

export const GENERIC_DELIVERY_FAILURE = "WhatsApp could not deliver the message";

const ACK_ERRORS: Record<string, string> = {
  // 463: no privacy token for this contact. WhatsApp keeps established chats open but will not
  // let a restricted account start new ones; retrying counts as another attempt and makes it worse.
  "463":
    "WhatsApp refused the message: this number may not start new chats right now (WhatsApp restricts it, or the contact never wrote to it). Wait for the contact to write first; retrying at once makes the restriction longer",
  // 479: the stanza did not match the contact's devices (a stale device list or session).
  "479":
    "WhatsApp refused the message for this contact's devices (they may have changed phones): try again in a moment",
};

/** The reason for a failed status; `params` are Baileys' messageStubParameters (the code first). */
export function ackErrorReason(params: readonly (string | null | undefined)[] | null | undefined): string {
  const code = params?.[0] ?? "";
  return (
    ACK_ERRORS[code] ??
    (code ? `${GENERIC_DELIVERY_FAILURE} (error ${code.slice(0, 10)})` : GENERIC_DELIVERY_FAILURE)
  );
}

/** Baileys' reachout time lock → our restriction event (WhatsApp gives no end: Baileys says a minute). */
export function restrictionEvent(
  lock: NonNullable<ConnectionState["reachoutTimeLock"]>,
  now: number,
): DriverEvent {
  if (!lock.isActive) return { type: "restriction", until: null };
  const ends = lock.timeEnforcementEnds ? new Date(lock.timeEnforcementEnds).getTime() : Number.NaN;
  return { type: "restriction", until: Number.isFinite(ends) ? ends : now + 60_000 };
}
