import type { Db } from "../db/open.ts";
import { rebuildOpenings } from "./report-tables.ts";
import type { Tx } from "../db/write.ts";
import { emit } from "./events.ts";
import { findConversation, findConversationByChat } from "./conversations-store.ts";
import type { ConversationRow } from "./types.ts";

/**
 * Undoing a wrong LID merge (attachPhoneToLid with a bad pair): the LID's messages leave the phone's
 * conversation for a conversation of the LID's own, and lose the number the pair gave them. Runs
 * inside the caller's write (which refuses the pair), telling listeners of both conversations.
 */

export type Separation = {
  /** The phone's conversation, kept with what was not the LID's; null when it was the LID's alone. */
  phoneConversation: ConversationRow | null;
  /** Where the LID's messages are now (the same row, renamed back, when nothing else was in it). */
  lidConversation: ConversationRow;
  movedMessages: number;
};

const ofLid = "direction = 'inbound' AND coalesce(sender_lid, '') IN ($lid, $bare)";

/** The conversation's newest message, its newest inbound time and its live inbound count, afresh. */
function recount(db: Db, id: number): void {
  db.query(
    `UPDATE conversations SET
       last_message_id = (SELECT id FROM messages WHERE conversation_id = $id ORDER BY wa_timestamp DESC, id DESC LIMIT 1),
       last_message_at = coalesce((SELECT max(wa_timestamp) FROM messages WHERE conversation_id = $id), 0),
       last_inbound_at = (SELECT max(wa_timestamp) FROM messages WHERE conversation_id = $id AND direction = 'inbound'),
       inbound_count = (SELECT count(*) FROM messages WHERE conversation_id = $id AND direction = 'inbound' AND from_history = 0)
     WHERE id = $id`,
  ).run({ $id: id });
  // Nobody has seen more than is left, so the unread triggers see the truth.
  db.query(
    `UPDATE conversation_reads SET seen_inbound = (SELECT inbound_count FROM conversations WHERE id = $id)
     WHERE conversation_id = $id AND seen_inbound > (SELECT inbound_count FROM conversations WHERE id = $id)`,
  ).run({ $id: id });
}

/** Null when the conversation is not a direct chat whose phone came with a LID. */
export function separateLidFromPhone(
  db: Db,
  tx: Tx,
  conversation: ConversationRow,
  now: number,
): Separation | null {
  const { id, channel_id: channelId, peer_lid: lid, peer_phone: phone } = conversation;
  if (conversation.kind !== "direct" || !lid || !phone) return null;
  const bare = lid.replace(/@.*/, "");
  // The pair gave these their number; elsewhere too (a group member's messages).
  db.query(
    `UPDATE messages SET sender_phone = NULL WHERE channel_id = $channel AND sender_phone = $phone
       AND (sender_lid = $lid OR sender_lid = $bare)`,
  ).run({ $channel: channelId, $phone: phone, $lid: lid, $bare: bare });
  const others = db
    .query<{ n: number }, Record<string, string | number>>(
      `SELECT count(*) AS n FROM messages WHERE conversation_id = $conv AND NOT (${ofLid})`,
    )
    .get({ $conv: id, $lid: lid, $bare: bare })!.n;
  const existing = findConversationByChat(db, channelId, lid);
  if (others === 0 && !existing) {
    // It was the LID's conversation all along, renamed when the pair came: it takes its LID back.
    const moved = db
      .query<{ n: number }, [number]>("SELECT count(*) AS n FROM messages WHERE conversation_id = ?")
      .get(id)!.n;
    db.query("UPDATE conversations SET chat_jid = $lid, peer_phone = NULL WHERE id = $conv").run({
      $lid: lid,
      $conv: id,
    });
    // Links made by the phone number go with it; a person's own links stay.
    const unlinked = db
      .query<{ record_id: number }, [number]>(
        "DELETE FROM conversation_links WHERE conversation_id = ? AND manual = 0 RETURNING record_id",
      )
      .all(id);
    const renamed = findConversation(db, id)!;
    for (const { record_id } of unlinked)
      emit(tx, { type: "record.unlinked", conversation: renamed, recordId: record_id });
    emit(tx, { type: "conversation.changed", channelId, conversationId: id });
    return { phoneConversation: null, lidConversation: renamed, movedMessages: moved };
  }
  const target =
    existing ??
    db
      .query<ConversationRow, Record<string, string | number>>(
        `INSERT INTO conversations (channel_id, chat_jid, kind, peer_lid, title, created_at)
         VALUES ($channel, $lid, 'direct', $lid, $title, $now) RETURNING *`,
      )
      .get({ $channel: channelId, $lid: lid, $title: "", $now: now })!;
  const movedMessages = db
    .query(`UPDATE messages SET conversation_id = $target WHERE conversation_id = $conv AND ${ofLid}`)
    .run({ $target: target.id, $conv: id, $lid: lid, $bare: bare }).changes;
  db.query("UPDATE conversations SET peer_lid = NULL WHERE id = ?").run(id);
  recount(db, id);
  recount(db, target.id);
  // The reports' openings follow the messages that moved.
  rebuildOpenings(db, [id, target.id]);
  // Named as the LID's person called themselves, not as the phone's contact.
  db.query(
    `UPDATE conversations SET title = coalesce((SELECT sender_name FROM messages WHERE conversation_id = $id
       AND sender_name != '' ORDER BY wa_timestamp DESC LIMIT 1), title) WHERE id = $id`,
  ).run({ $id: target.id });
  emit(tx, { type: "conversation.changed", channelId, conversationId: id });
  emit(tx, { type: "conversation.changed", channelId, conversationId: target.id });
  return {
    phoneConversation: findConversation(db, id),
    lidConversation: findConversation(db, target.id)!,
    movedMessages,
  };
}
