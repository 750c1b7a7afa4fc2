import type { Db } from "../db/open.ts";
import type { MessageRow } from "./types.ts";

/** SQL for what happens to messages after they are sent: reactions, earlier versions, deletes. */

export type ReactionRow = {
  message_id: number;
  reactor: string;
  reactor_name: string;
  emoji: string;
  reacted_at: number;
};
export type EditRow = { id: number; message_id: number; text: string; replaced_at: number };

/** A reaction replaces the reactor's earlier one on that message. */
export function saveReaction(db: Db, r: ReactionRow): void {
  db.query(
    `INSERT INTO message_reactions (message_id, reactor, reactor_name, emoji, reacted_at)
     VALUES ($message_id, $reactor, $reactor_name, $emoji, $reacted_at)
     ON CONFLICT (message_id, reactor) DO UPDATE SET emoji = excluded.emoji, reacted_at = excluded.reacted_at,
       reactor_name = CASE WHEN excluded.reactor_name <> '' THEN excluded.reactor_name ELSE message_reactions.reactor_name END
     WHERE excluded.reacted_at >= message_reactions.reacted_at`,
  ).run({ ...r });
}

/** A removal deletes it; false when there was none. */
export function removeReaction(db: Db, messageId: number, reactor: string): boolean {
  return (
    db.query("DELETE FROM message_reactions WHERE message_id = ? AND reactor = ?").run(messageId, reactor)
      .changes > 0
  );
}

/** The reactions of a page of messages, in the order they were made. */
export function reactionsOf(db: Db, messageIds: number[]): ReactionRow[] {
  const ids = messageIds.filter(Number.isSafeInteger);
  if (ids.length === 0) return [];
  return db
    .query<ReactionRow, number[]>(
      `SELECT * FROM message_reactions WHERE message_id IN (${ids.map(() => "?").join(",")}) ORDER BY reacted_at, reactor`,
    )
    .all(...ids);
}

/** Keeps the text being replaced, then sets the new one (the search index follows messages.text). */
export function saveEdit(db: Db, message: MessageRow, text: string, at: number): MessageRow {
  db.query("INSERT INTO message_edits (message_id, text, replaced_at) VALUES (?, ?, ?)").run(
    message.id,
    message.text,
    at,
  );
  return db
    .query<MessageRow, [string, number, number]>(
      "UPDATE messages SET text = ?, edited_at = ? WHERE id = ? RETURNING *",
    )
    .get(text, at, message.id)!;
}

export function markDeleted(db: Db, messageId: number, at: number): MessageRow | null {
  return db
    .query<MessageRow, [number, number]>(
      "UPDATE messages SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING *",
    )
    .get(at, messageId);
}

/** Earlier versions of the given messages, oldest first. */
export function editsOf(db: Db, messageIds: number[]): EditRow[] {
  const ids = messageIds.filter(Number.isSafeInteger);
  if (ids.length === 0) return [];
  return db
    .query<EditRow, number[]>(
      `SELECT * FROM message_edits WHERE message_id IN (${ids.map(() => "?").join(",")}) ORDER BY message_id, id`,
    )
    .all(...ids);
}

/** Each message's reactions (the API's message JSON). */
export function reactionsByMessage(db: Db, messageIds: number[]): Map<number, ReactionRow[]> {
  const out = new Map<number, ReactionRow[]>();
  for (const r of reactionsOf(db, messageIds)) out.set(r.message_id, [...(out.get(r.message_id) ?? []), r]);
  return out;
}

/** The newest message of a chat (of one direction, when given) that WhatsApp knows: the demo form's default target. */
export function latestInChat(
  db: Db,
  channelId: number,
  chatJid: string,
  direction: "inbound" | "outbound" | null,
): MessageRow | null {
  return db
    .query<MessageRow, [number, string, string | null]>(
      `SELECT m.* FROM conversations c JOIN messages m ON m.conversation_id = c.id
       WHERE c.channel_id = ?1 AND c.chat_jid = ?2 AND m.wa_id IS NOT NULL AND (?3 IS NULL OR m.direction = ?3)
       ORDER BY m.wa_timestamp DESC, m.id DESC LIMIT 1`,
    )
    .get(channelId, chatJid, direction);
}
