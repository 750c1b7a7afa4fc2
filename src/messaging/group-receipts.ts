import type { Db } from "../db/open.ts";
import { applyReceipt } from "./outbound-store.ts";
import type { MessageRow } from "./types.ts";

/**
 * Receipts for a group message arrive one member at a time. Each is kept (message_receipts, a member's
 * status only moves forward) and the message's own status follows the slowest member: delivered
 * once every other member's phone has it, read once every other member read it.
 */

type Found = { found: boolean; changed: MessageRow | null };

export function applyMemberReceipt(
  db: Db,
  channelId: number,
  waId: string,
  member: string,
  status: "delivered" | "read",
  now: number,
): Found {
  const row = db
    .query<{ id: number; direction: string; members: number | null }, [number, string]>(
      `SELECT m.id, m.direction, c.participant_count AS members FROM messages m
       JOIN conversations c ON c.id = m.conversation_id WHERE m.channel_id = ? AND m.wa_id = ?`,
    )
    .get(channelId, waId);
  if (row?.direction !== "outbound") return { found: false, changed: null };
  db.query(
    `INSERT INTO message_receipts (message_id, member, status, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (message_id, member) DO UPDATE SET
       status = CASE WHEN excluded.status = 'read' THEN 'read' ELSE message_receipts.status END,
       updated_at = excluded.updated_at`,
  ).run(row.id, member, status, now);
  // Without a known size (WhatsApp never described the group) the first receipt has to do.
  const others = row.members !== null && row.members > 1 ? row.members - 1 : 1;
  const counts = db
    .query<{ delivered: number; read: number }, [number]>(
      "SELECT count(*) AS delivered, coalesce(sum(status = 'read'), 0) AS read FROM message_receipts WHERE message_id = ?",
    )
    .get(row.id)!;
  const reached = counts.read >= others ? "read" : counts.delivered >= others ? "delivered" : null;
  return { found: true, changed: reached ? applyReceipt(db, channelId, waId, reached) : null };
}
