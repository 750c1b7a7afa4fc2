import { isLidUser, isPnUser } from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import { phoneFromJid } from "../../phone.ts";
import { isRefusedPair, lidForPhone } from "../lid-pairs.ts";
import type { DriverSocket } from "./socket.ts";
import { withinDeadline } from "./transfer-timeouts.ts";
import { normalJid } from "./translate.ts";

/**
 * Where a 1:1 send goes. A person who moved to LID addressing is reached only at the LID: a message
 * addressed to the phone number is refused by WhatsApp (ack 463). So a phone JID becomes its LID when
 * we know one (our stored pairs first, then Baileys' own LID store, which may ask WhatsApp); groups,
 * LIDs and numbers without a LID go as they are.
 */

/** Baileys' LID store may ask WhatsApp (usync): a send never waits longer than this for it. */
export const LID_FOR_SEND_TIMEOUT_MS = 5_000;

export async function sendAddress(
  sock: DriverSocket,
  db: Db,
  channelId: number,
  jid: string,
  timeoutMs = LID_FOR_SEND_TIMEOUT_MS,
): Promise<string> {
  if (!isPnUser(jid)) return jid;
  const phone = phoneFromJid(jid);
  const stored = phone ? lidForPhone(db, channelId, phone) : null;
  if (stored) return stored;
  const store = sock.signalRepository?.lidMapping;
  if (!store?.getLIDForPN) return jid;
  const lid = await withinDeadline(
    store.getLIDForPN(jid),
    timeoutMs,
    () => new Error("LID lookup timed out"),
  ).catch(() => null);
  const found = normalJid(lid);
  // Baileys' own store may still hold a pair a person refused: that LID is someone else.
  if (!found || !isLidUser(found) || (phone && isRefusedPair(db, channelId, found, phone))) return jid;
  return found;
}
