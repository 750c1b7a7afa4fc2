import type { Db } from "../db/open.ts";
import { write, type Tx } from "../db/write.ts";
import { emit } from "./events.ts";
import type { ConversationRow } from "./types.ts";

export type AssignmentCause = "user" | "auto" | "workflow";

/** One line of a conversation's assignment history, as stored (people and teams by id: names are auth's). */
export type AssignmentChange = {
  id: number;
  conversation_id: number;
  channel_id: number;
  user_id: number | null;
  team_id: number | null;
  cause: AssignmentCause;
  by_user_id: number | null;
  at: number;
};

/** The person and the team to set; a field left out stays as it is, null clears it. */
export type AssignmentRequest = { userId?: number | null; teamId?: number | null };

/**
 * Assigns a conversation inside `tx`, records who did it and announces it (`conversation.assigned`:
 * live tabs, webhooks, the assignee's bell). Setting what it already has changes nothing.
 */
export function applyAssignment(
  tx: Tx,
  conversationId: number,
  to: AssignmentRequest,
  cause: AssignmentCause,
  byUserId: number | null,
  now: number,
): ConversationRow | null {
  const { db } = tx;
  const before = db
    .query<ConversationRow, [number]>("SELECT * FROM conversations WHERE id = ?")
    .get(conversationId);
  if (!before) return null;
  const userId = to.userId === undefined ? before.assigned_user_id : to.userId;
  const teamId = to.teamId === undefined ? before.assigned_team_id : to.teamId;
  if (userId === before.assigned_user_id && teamId === before.assigned_team_id) return null;
  const conversation = db
    .query<ConversationRow, [number | null, number | null, number]>(
      "UPDATE conversations SET assigned_user_id = ?, assigned_team_id = ? WHERE id = ? RETURNING *",
    )
    .get(userId, teamId, conversationId)!;
  const change = db
    .query<AssignmentChange, [number, number, number | null, number | null, string, number | null, number]>(
      `INSERT INTO conversation_assignments (conversation_id, channel_id, user_id, team_id, cause, by_user_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(conversationId, conversation.channel_id, userId, teamId, cause, byUserId, now)!;
  emit(tx, {
    type: "conversation.assigned",
    conversation,
    userId,
    previousUserId: before.assigned_user_id,
    change,
  });
  return conversation;
}

/** A person (in the inbox or through the API) assigns one or more conversations. */
export function assignConversations(
  db: Db,
  conversationIds: number[],
  to: AssignmentRequest,
  cause: AssignmentCause,
  byUserId: number | null,
  now: number,
): ConversationRow[] {
  return write(db, (tx) =>
    conversationIds
      .map((id) => applyAssignment(tx, id, to, cause, byUserId, now))
      .filter((c): c is ConversationRow => c !== null),
  );
}

/** The assignment history of a conversation, oldest first (the timeline shows it among the messages). */
export function assignmentHistory(db: Db, conversationId: number, limit = 200): AssignmentChange[] {
  return db
    .query<AssignmentChange, [number, number]>(
      `SELECT * FROM (SELECT * FROM conversation_assignments WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT ?)
       ORDER BY at, id`,
    )
    .all(conversationId, limit);
}

/** Who the channel's auto-assignment chose last: where the round-robin goes on from. */
export function lastAutoAssignee(db: Db, channelId: number): number | null {
  return (
    db
      .query<{ user_id: number | null }, [number]>(
        `SELECT user_id FROM conversation_assignments WHERE channel_id = ? AND cause = 'auto'
         ORDER BY id DESC LIMIT 1`,
      )
      .get(channelId)?.user_id ?? null
  );
}

/** How many open conversations each of these people has (their limit counts these), from the index. */
export function openCounts(db: Db, userIds: number[]): Map<number, number> {
  const one = db.query<{ n: number }, [number]>(
    "SELECT count(*) AS n FROM conversations WHERE assigned_user_id = ? AND status = 'open'",
  );
  return new Map(userIds.map((id) => [id, one.get(id)!.n]));
}
