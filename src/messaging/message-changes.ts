import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import { write } from "../db/write.ts";
import type { MessageChange } from "../whatsapp/driver.ts";
import { emit } from "./events.ts";
import { findConversation } from "./conversations-store.ts";
import { findMessageByWaId } from "./store.ts";
import { markDeleted, removeReaction, saveEdit, saveReaction } from "./changes-store.ts";
import type { ConversationRow, MessageRow } from "./types.ts";

/**
 * Applies a reaction, edit or delete for everyone to the message it names, inside one write with its
 * domain event (webhook rows commit with it; open tabs hear of it after). None of these is a new
 * message: nothing here touches unread counts, the conversation's status or the workflow trigger.
 */

export type ChangeOutcome = "applied" | "unchanged" | "unknown message" | "refused";

/** The chat the change came from must be the target's, and only a message's author edits or deletes it. */
function allowed(c: ConversationRow, m: MessageRow, chatJid: string | null, change: MessageChange): boolean {
  if (chatJid !== null && chatJid !== c.chat_jid && chatJid !== c.peer_lid) return false;
  if (change.kind === "reaction") return true;
  if (m.direction === "outbound") return change.by === "me";
  if (change.by === "me") return false;
  return c.kind === "direct" || change.by === m.participant_jid || change.by === m.sender_lid;
}

export function applyMessageChange(
  db: Db,
  clock: Clock,
  channelId: number,
  chatJid: string | null,
  change: MessageChange,
): ChangeOutcome {
  return write(db, (tx): ChangeOutcome => {
    const target = findMessageByWaId(db, channelId, change.targetWaId);
    if (!target) return "unknown message";
    const conversation = findConversation(db, target.conversation_id);
    if (!conversation || !allowed(conversation, target, chatJid, change)) return "refused";
    const now = clock();
    switch (change.kind) {
      case "reaction": {
        const removed = change.emoji === "";
        if (removed) {
          if (!removeReaction(db, target.id, change.by)) return "unchanged";
        } else {
          saveReaction(db, {
            message_id: target.id,
            reactor: change.by,
            reactor_name: change.byName.slice(0, 200),
            emoji: change.emoji,
            reacted_at: change.timestamp,
          });
        }
        emit(tx, {
          type: "message.reaction",
          message: target,
          conversation,
          reaction: { by: change.by, name: change.byName, emoji: change.emoji, removed },
        });
        return "applied";
      }
      case "edit": {
        if (target.deleted_at !== null || target.text === change.text) return "unchanged";
        const message = saveEdit(db, target, change.text, change.timestamp || now);
        emit(tx, { type: "message.edited", message, conversation, previousText: target.text });
        return "applied";
      }
      case "revoke": {
        const message = markDeleted(db, target.id, change.timestamp || now);
        if (!message) return "unchanged";
        emit(tx, { type: "message.deleted", message, conversation });
        return "applied";
      }
    }
  });
}
