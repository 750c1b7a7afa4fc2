import type { Db } from "../db/open.ts";
import type { MessageRow } from "./types.ts";

/** The messages quoted by a page of messages, fetched in one query so each bubble can show its quote. */
export function quotedMessages(db: Db, channelId: number, messages: MessageRow[]): Map<string, MessageRow> {
  const ids = [...new Set(messages.map((m) => m.quoted_wa_id).filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const rows = db
    .query<MessageRow, (string | number)[]>(
      `SELECT * FROM messages WHERE channel_id = ? AND wa_id IN (${ids.map(() => "?").join(",")})`,
    )
    .all(channelId, ...ids);
  return new Map(rows.map((r) => [r.wa_id!, r]));
}

export function cursorOf(value: string | undefined): { at: number; id: number } | null {
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(value ?? "");
  return m ? { at: Number(m[1]), id: Number(m[2]) } : null;
}

export type Participant = { phone: string; name: string };

/**
 * The members seen writing in a group, newest name per number: WhatsApp's own member list arrives
 * only as a count (with the driver's group metadata), so the header lists who has spoken.
 */
export function groupParticipants(db: Db, conversationId: number, limit = 100): Participant[] {
  return db
    .query<Participant, [number, number]>(
      `SELECT sender_phone AS phone, coalesce((SELECT m2.sender_name FROM messages m2 WHERE m2.conversation_id = ?1 AND m2.sender_phone = m.sender_phone
         AND m2.sender_name <> '' ORDER BY m2.id DESC LIMIT 1), '') AS name
       FROM messages m WHERE conversation_id = ?1 AND direction = 'inbound' AND sender_phone IS NOT NULL
       GROUP BY sender_phone ORDER BY name COLLATE NOCASE, sender_phone LIMIT ?2`,
    )
    .all(conversationId, limit);
}
