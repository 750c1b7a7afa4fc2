import { normalizeMessageContent, proto, type WAMessage } from "@whiskeysockets/baileys";
import { cleanDisplayName } from "../../display-name.ts";
import type { MessageChange } from "../driver.ts";
import { describeContent, toNumber } from "./content.ts";
import { normalJid } from "./translate.ts";

/**
 * Messages that change an earlier one: a reaction, an edit (protocolMessage MESSAGE_EDIT, wrapped in
 * editedMessage), a delete for everyone (REVOKE). Read from the message itself, as it reaches
 * `messages.upsert` (or the store-before-receipt hook), so each arrives once, in order with the
 * messages it changes; Baileys' own `messages.reaction` / `messages.update` echoes are not used.
 */

export type ChangeTranslation = { chatJid: string; change: MessageChange } | { skip: string } | null;

const Type = proto.Message.ProtocolMessage.Type;

/** Who did it: "me" for our own account, else the member (groups) or the chat (direct). */
function actor(msg: WAMessage): string {
  const key = msg.key!;
  if (key.fromMe) return "me";
  return normalJid(key.participant) ?? normalJid(key.remoteJid) ?? "";
}

/** Null: not a change (an ordinary message); `skip`: a protocol message of a kind we do not keep. */
export function translateChange(msg: WAMessage, nowMs: number): ChangeTranslation {
  const content = normalizeMessageContent(msg.message);
  const chatJid = normalJid(msg.key?.remoteJid);
  if (!content || !chatJid || !msg.key) return null;
  const seconds = toNumber(msg.messageTimestamp);
  const base = {
    by: actor(msg),
    byName: cleanDisplayName(msg.pushName ?? msg.verifiedBizName),
    timestamp: seconds ? seconds * 1000 : nowMs,
  };
  const reaction = content.reactionMessage;
  if (reaction) {
    if (!reaction.key?.id) return { skip: "reactionMessage without a key" };
    const at = toNumber(reaction.senderTimestampMs);
    return {
      chatJid,
      change: {
        ...base,
        ...(at ? { timestamp: at } : {}),
        kind: "reaction",
        targetWaId: reaction.key.id,
        emoji: (reaction.text ?? "").slice(0, 32),
      },
    };
  }
  const protocol = content.protocolMessage;
  if (!protocol) return null;
  const target = protocol.key?.id;
  if (protocol.type === Type.REVOKE && target)
    return { chatJid, change: { ...base, kind: "revoke", targetWaId: target } };
  if (protocol.type === Type.MESSAGE_EDIT && target) {
    const edited = describeContent(protocol.editedMessage, false);
    if (!edited.ok) return { skip: `protocolMessage MESSAGE_EDIT (${edited.skip})` };
    const at = toNumber(protocol.timestampMs);
    return {
      chatJid,
      change: {
        ...base,
        ...(at ? { timestamp: at } : {}),
        kind: "edit",
        targetWaId: target,
        text: edited.content.text,
      },
    };
  }
  return { skip: `protocolMessage ${Type[protocol.type ?? 0] ?? protocol.type}` };
}
