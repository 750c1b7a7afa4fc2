import { isLidUser, type BaileysEventMap } from "@whiskeysockets/baileys";
import { phoneFromJid } from "../../phone.ts";
import type { ChatPresence, DriverEvent, IncomingCall } from "../driver.ts";
import { isIgnoredChat, normalJid } from "./translate.ts";

/**
 * Calls and typing as Baileys reports them, in the driver's words. Baileys emits a `call` event for
 * each stage of a call (Socket/messages-recv.js, handleCall): `offer` when it rings, `accept` when
 * another device of the account picked up, `terminate`/`timeout`/`reject` when it is over. The
 * stages Pairbox has nothing to say about (transport, relay latency, preaccept) are dropped here.
 */
export function callEvents(calls: BaileysEventMap["call"], now: number): DriverEvent[] {
  const out: DriverEvent[] = [];
  for (const c of calls) {
    const stage =
      c.status === "offer"
        ? "offer"
        : c.status === "accept"
          ? "accept"
          : c.status === "terminate" || c.status === "timeout" || c.status === "reject"
            ? "ended"
            : null;
    const fromJid = normalJid(c.from);
    if (!stage || !fromJid || !c.id) continue;
    const pn = normalJid(c.callerPn) ?? (isLidUser(fromJid) ? null : fromJid);
    const call: IncomingCall = {
      callId: c.id,
      fromJid,
      fromPhone: phoneFromJid(pn),
      fromLid: isLidUser(fromJid) ? fromJid : null,
      video: !!c.isVideo,
      group: !!c.isGroup,
      stage,
      timestamp: c.date instanceof Date && !Number.isNaN(c.date.getTime()) ? c.date.getTime() : now,
      offline: !!c.offline,
    };
    out.push({ type: "call", call });
  }
  return out;
}

/**
 * Typing in a direct chat (`presence.update` from a `chatstate`). Baileys turns "paused" into
 * "available"; online/offline presence and group typing are not typing in a conversation we show.
 */
export function presenceEvents(update: BaileysEventMap["presence.update"]): DriverEvent[] {
  const chatJid = normalJid(update.id);
  if (!chatJid || chatJid.endsWith("@g.us") || isIgnoredChat(chatJid)) return [];
  const out: DriverEvent[] = [];
  for (const data of Object.values(update.presences)) {
    const p = data.lastKnownPresence;
    const state: ChatPresence | null =
      p === "composing"
        ? "composing"
        : p === "recording"
          ? "recording"
          : p === "available" || p === "paused"
            ? "paused"
            : null;
    if (state) out.push({ type: "presence", chatJid, state });
  }
  return out.slice(-1);
}
