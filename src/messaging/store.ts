import type { Db } from "../db/open.ts";
import type { ConversationRow, ConversationStatus, MessageRow } from "./types.ts";

export type ConversationListItem = ConversationRow & {
  channel_name: string;
  channel_phone: string;
  channel_deleted: number;
  last_text: string | null;
  last_type: string | null;
  last_direction: string | null;
  last_status: string | null;
  unread: number;
};

export type ListFilter = {
  channelIds: number[];
  userId: number;
  channelId?: number | null;
  unread?: boolean;
  unlinked?: boolean;
  groups?: boolean;
  mine?: boolean;
  /** Only one person's conversations (Mine is this with the reader's own id). */
  assigneeId?: number | null;
  /** Only one team's conversations, whoever in it has them. */
  teamId?: number | null;
  /** Only conversations no person has (a team may have them, waiting for someone). */
  unassigned?: boolean;
  /** Only conversations of this status (the list's tabs); null or absent: every status. */
  status?: ConversationStatus | null;
  /** Only conversations carrying this label; null or absent: any. */
  labelId?: number | null;
  /** Keyset cursor: the (last_message_at, id) of the last row already shown. */
  before?: { at: number; id: number } | null;
  limit: number;
};

export const LIST_COLUMNS = `c.*, ch.name AS channel_name, ch.phone_e164 AS channel_phone, (ch.deleted_at IS NOT NULL) AS channel_deleted,
  CASE WHEN m.deleted_at IS NULL THEN m.text ELSE 'This message was deleted' END AS last_text, m.type AS last_type, m.direction AS last_direction, m.status AS last_status,
  max(c.inbound_count - max(coalesce(r.seen_inbound, 0), c.phone_seen_inbound), 0) AS unread`;

export const LIST_JOINS = `JOIN channels ch ON ch.id = c.channel_id
  LEFT JOIN messages m ON m.id = c.last_message_id
  LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = $user`;

/**
 * One page of conversations, newest activity first, with keyset paging (never OFFSET).
 * Each channel's page is read from its own (channel_id, last_message_at, id) index, in order, and
 * stops at `limit`; the pages are then merged. (A single `channel_id IN (…)` would make SQLite
 * collect and sort every conversation of those channels: ~100 ms at 100,000.) Mine, a person's
 * or a team's list walks the assignee or team index instead. Joins for display run on the final page only.
 * Unread starts from the user's unread rows (0017) when they are few: walking the recency index to
 * find hardly any read every conversation. A label filter starts from the label's rows the same way.
 */
export function listConversations(db: Db, f: ListFilter): ConversationListItem[] {
  const channels = (f.channelId ? f.channelIds.filter((id) => id === f.channelId) : f.channelIds).map(Number);
  if (channels.length === 0) return [];
  const where = ["c.last_message_id IS NOT NULL"];
  const params: Record<string, string | number> = { user: f.userId, limit: f.limit };
  if (f.before) {
    where.push("(c.last_message_at < $beforeAt OR (c.last_message_at = $beforeAt AND c.id < $beforeId))");
    params.beforeAt = f.before.at;
    params.beforeId = f.before.id;
  }
  if (f.groups) where.push("c.kind = 'group'");
  // Read from the status index (0019), each channel's range of one status in recency order.
  if (f.status) {
    where.push("c.status = $status");
    params.status = f.status;
  }
  if (f.labelId) params.label = f.labelId;
  // Until the records feature's link table exists, nothing is linked: every conversation is unlinked.
  if (f.unlinked && hasLinkTable(db))
    where.push("NOT EXISTS (SELECT 1 FROM conversation_links cl WHERE cl.conversation_id = c.id)");
  if (f.unassigned) where.push("c.assigned_user_id IS NULL");
  // A person's or a team's conversations are read from their own index (0002, 0023), in recency order.
  const assignee = f.mine ? f.userId : (f.assigneeId ?? null);
  const owner =
    assignee !== null ? "c.assigned_user_id = $assignee" : f.teamId ? "c.assigned_team_id = $team" : null;
  if (assignee !== null) params.assignee = assignee;
  else if (f.teamId) params.team = f.teamId;
  if (assignee !== null && f.teamId) {
    where.push("c.assigned_team_id = $team");
    params.team = f.teamId;
  }
  const ordered = `ORDER BY c.last_message_at DESC, c.id DESC LIMIT $limit`;
  const page = (channelTerm: string) =>
    `SELECT * FROM (SELECT c.id FROM conversations c WHERE ${channelTerm} AND ${where.join(" AND ")} ${ordered})`;
  let hits: string;
  if (f.labelId && fewOf(db, "SELECT 1 FROM conversation_labels WHERE label_id = ?1 LIMIT ?2", f.labelId)) {
    // The label's conversations, all of them (fewer than FEW_UNREAD), from its index (0024), sorted.
    if (owner) where.push(owner);
    if (f.unread) where.push(UNREAD);
    hits = `SELECT c.id FROM conversation_labels lab JOIN conversations c ON c.id = lab.conversation_id
      WHERE lab.label_id = $label AND +c.channel_id IN (${channels.join(",")}) AND ${where.join(" AND ")} ${ordered}`;
  } else if (f.unread && fewUnread(db, f.userId)) {
    // The user's unread rows, all of them (fewer than FEW_UNREAD), filtered and sorted.
    if (f.labelId) where.push(LABELLED);
    if (owner) where.push(owner);
    hits = `SELECT c.id FROM conversation_unread u JOIN conversations c ON c.id = u.conversation_id
      WHERE u.user_id = $user AND +c.channel_id IN (${channels.join(",")}) AND ${where.join(" AND ")} ${ordered}`;
  } else {
    // Many unread (or labelled): the walk in recency order meets them early and stops at `limit`.
    if (f.unread) where.push(UNREAD);
    if (f.labelId) where.push(LABELLED);
    hits = owner
      ? page(`${owner} AND +c.channel_id IN (${channels.join(",")})`)
      : channels.map((id) => page(`c.channel_id = ${id}`)).join(" UNION ALL ");
  }
  return db
    .query<ConversationListItem, Record<string, string | number>>(
      `SELECT ${LIST_COLUMNS} FROM (${hits}) hit JOIN conversations c ON c.id = hit.id ${LIST_JOINS}
       ORDER BY c.last_message_at DESC, c.id DESC LIMIT $limit`,
    )
    .all(params);
}

const UNREAD =
  "EXISTS (SELECT 1 FROM conversation_unread u WHERE u.user_id = $user AND u.conversation_id = c.id)";
const LABELLED =
  "EXISTS (SELECT 1 FROM conversation_labels lab WHERE lab.conversation_id = c.id AND lab.label_id = $label)";

/** Below this many unread (or labelled) conversations, sorting them all is cheaper than walking the list to find them. */
const FEW_UNREAD = 5000;

/** Whether `rows` (a query of `?1`, stopping at `LIMIT ?2`) finds fewer than FEW_UNREAD rows. */
function fewOf(db: Db, rows: string, key: number): boolean {
  const row = db
    .query<{ n: number }, [number, number]>(`SELECT count(*) AS n FROM (${rows})`)
    .get(key, FEW_UNREAD);
  return (row?.n ?? 0) < FEW_UNREAD;
}

function fewUnread(db: Db, userId: number): boolean {
  return fewOf(db, "SELECT 1 FROM conversation_unread WHERE user_id = ?1 LIMIT ?2", userId);
}

function hasLinkTable(db: Db): boolean {
  return (
    db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'conversation_links'").get() !==
    null
  );
}

/** The newest `limit` messages before a cursor, returned oldest first for display. */
export function conversationMessages(
  db: Db,
  conversationId: number,
  limit: number,
  before?: { at: number; id: number } | null,
): MessageRow[] {
  const rows = before
    ? db
        .query<MessageRow, [number, number, number, number]>(
          `SELECT * FROM messages WHERE conversation_id = ?1 AND (wa_timestamp < ?2 OR (wa_timestamp = ?2 AND id < ?3))
           ORDER BY wa_timestamp DESC, id DESC LIMIT ?4`,
        )
        .all(conversationId, before.at, before.id, limit)
    : db
        .query<MessageRow, [number, number]>(
          "SELECT * FROM messages WHERE conversation_id = ? ORDER BY wa_timestamp DESC, id DESC LIMIT ?",
        )
        .all(conversationId, limit);
  return rows.reverse();
}

/** A message and up to `limit - 1` newer ones, oldest first: the view opened at a search hit. */
export function conversationMessagesFrom(
  db: Db,
  conversationId: number,
  from: { at: number; id: number },
  limit: number,
): MessageRow[] {
  return db
    .query<MessageRow, [number, number, number, number]>(
      `SELECT * FROM messages WHERE conversation_id = ?1 AND (wa_timestamp > ?2 OR (wa_timestamp = ?2 AND id >= ?3))
       ORDER BY wa_timestamp, id LIMIT ?4`,
    )
    .all(conversationId, from.at, from.id, limit);
}

export function findMessage(db: Db, id: number): MessageRow | null {
  return db.query<MessageRow, [number]>("SELECT * FROM messages WHERE id = ?").get(id);
}

export function findMessageByWaId(db: Db, channelId: number, waId: string): MessageRow | null {
  return db
    .query<MessageRow, [number, string]>("SELECT * FROM messages WHERE channel_id = ? AND wa_id = ?")
    .get(channelId, waId);
}

/** Opening a conversation marks everything in it as read for that user. */
export function markRead(db: Db, userId: number, conversationId: number, now: number): void {
  db.query(
    `INSERT INTO conversation_reads (user_id, conversation_id, seen_inbound, read_at)
     SELECT ?1, id, inbound_count, ?3 FROM conversations WHERE id = ?2
     ON CONFLICT (user_id, conversation_id) DO UPDATE SET seen_inbound = excluded.seen_inbound, read_at = excluded.read_at`,
  ).run(userId, conversationId, now);
}
