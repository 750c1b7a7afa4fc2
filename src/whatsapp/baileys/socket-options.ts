import { isJidNewsletter, isJidStatusBroadcast } from "@whiskeysockets/baileys";

/**
 * Chats Baileys should not even decrypt: status updates (status@broadcast: the contacts' stories)
 * and channels (newsletters). Neither is a conversation a shared inbox answers, and decrypting every
 * contact's stories costs a Signal session and a receipt each. Baileys acks and drops them.
 */
export function ignoredChat(jid: string | undefined): boolean {
  if (!jid) return false;
  return isJidStatusBroadcast(jid) || !!isJidNewsletter(jid);
}
