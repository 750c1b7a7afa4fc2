import type { BaileysEventMap } from "@whiskeysockets/baileys";
import { receiptForStatus } from "./translate.ts";

/**
 * Incoming messages the account read on another of its devices (the phone). Baileys reports them
 * as `messages.update` with status READ on a key that is not ours (Socket/messages-recv.js,
 * handleReceipt: a read receipt from our own number naming the chat as `recipient`). Everything
 * else in the update is about our own sends. Group reads arrive as per-member receipts instead
 * (message-receipt.update) and are not handled here.
 */
export function incomingReadElsewhere(updates: BaileysEventMap["messages.update"]): string[] {
  const ids: string[] = [];
  for (const { key, update } of updates) {
    if (key.fromMe || !key.id || !key.remoteJid) continue;
    if (receiptForStatus(update.status) !== "read") continue;
    ids.push(key.id);
  }
  return ids;
}
