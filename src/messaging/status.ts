import type { Db } from "../db/open.ts";
import { write, type Tx } from "../db/write.ts";
import { enqueueJob } from "../jobs/queue.ts";
import { emit } from "./events.ts";
import type { ConversationRow, ConversationStatus } from "./types.ts";

export const STATUSES: ConversationStatus[] = ["open", "pending", "resolved", "snoozed"];
export const SNOOZE_END_JOB = "conversation.snooze_end";

export type StatusCause = "user" | "customer" | "snooze_ended";

/** One line of a conversation's status history, as stored (the person by id: names are auth's). */
export type StatusChange = {
  id: number;
  conversation_id: number;
  status: ConversationStatus;
  snoozed_until: number | null;
  cause: StatusCause;
  by_user_id: number | null;
  at: number;
};

export type StatusRequest = { status: ConversationStatus; snoozedUntil?: number | null };

/**
 * Moves a conversation to a status inside `tx`, records who did it and announces it
 * (`conversation.status`: live tabs, webhooks). A snooze queues its own end on the job queue, so it
 * ends at its time even across restarts. Setting the status it already has changes nothing.
 */
function applyStatus(
  tx: Tx,
  conversationId: number,
  to: StatusRequest,
  cause: StatusCause,
  byUserId: number | null,
  now: number,
): ConversationRow | null {
  const { db } = tx;
  const until = to.status === "snoozed" ? (to.snoozedUntil ?? null) : null;
  const conversation = db
    .query<ConversationRow, [string, number | null, number]>(
      `UPDATE conversations SET status = ?1, snoozed_until = ?2
       WHERE id = ?3 AND (status <> ?1 OR snoozed_until IS NOT ?2) RETURNING *`,
    )
    .get(to.status, until, conversationId);
  if (!conversation) return null;
  const change = db
    .query<StatusChange, [number, string, number | null, string, number | null, number]>(
      `INSERT INTO conversation_status_changes (conversation_id, status, snoozed_until, cause, by_user_id, at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(conversationId, to.status, until, cause, byUserId, now)!;
  if (until !== null)
    enqueueJob(
      db,
      {
        kind: SNOOZE_END_JOB,
        payload: { conversationId, until },
        runAt: until,
        dedupeKey: `snooze:${conversationId}:${until}`,
      },
      now,
    );
  emit(tx, { type: "conversation.status", conversation, change });
  return conversation;
}

/** A person (in the inbox or through the API) sets the status of one or more conversations. */
export function setConversationStatus(
  db: Db,
  conversationIds: number[],
  to: StatusRequest,
  byUserId: number | null,
  now: number,
): ConversationRow[] {
  return write(db, (tx) =>
    conversationIds
      .map((id) => applyStatus(tx, id, to, "user", byUserId, now))
      .filter((c): c is ConversationRow => c !== null),
  );
}

/**
 * A customer wrote: a resolved or snoozed conversation is open again. Runs inside the ingest
 * write, so the message and the reopening commit together. Pending stays pending: the team is
 * waiting on something else, and the message shows as unread anyway.
 */
export function reopenOnCustomerMessage(tx: Tx, conversation: ConversationRow, now: number): ConversationRow {
  if (conversation.status !== "resolved" && conversation.status !== "snoozed") return conversation;
  return applyStatus(tx, conversation.id, { status: "open" }, "customer", null, now) ?? conversation;
}

/**
 * The snooze job: the conversation opens again if it is still snoozed until that very time (a
 * later snooze, a resolve or a reopening in between leaves it as it is).
 */
export function endSnooze(db: Db, conversationId: number, until: number, now: number): boolean {
  return write(db, (tx) => {
    const row = db
      .query<{ id: number }, [number, number]>(
        "SELECT id FROM conversations WHERE id = ? AND status = 'snoozed' AND snoozed_until = ?",
      )
      .get(conversationId, until);
    return (
      row !== null && applyStatus(tx, conversationId, { status: "open" }, "snooze_ended", null, now) !== null
    );
  });
}

/** The status history of a conversation, oldest first (the timeline shows it among the messages). */
export function statusHistory(db: Db, conversationId: number, limit = 200): StatusChange[] {
  return db
    .query<StatusChange, [number, number]>(
      `SELECT * FROM (SELECT * FROM conversation_status_changes WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT ?)
       ORDER BY at, id`,
    )
    .all(conversationId, limit);
}

/** The status tabs count up to this many conversations each; past it they say "1,000+". */
export const STATUS_COUNT_CAP = 1000;

/** Which conversations a count covers: everyone's, one person's, one team's, or nobody's. */
export type CountScope = { assigneeId?: number | null; teamId?: number | null; unassigned?: boolean };

/**
 * How many conversations (with a message) each status has on these channels, from the status index
 * (narrowed to a person or a team, their own index, 0023), so the tabs count what the list shows.
 * At most `cap` + 1 are counted per status (cap + 1 means "more than cap"): a count that read every
 * conversation made every inbox page grow with the inbox (1.4 s per page at 500,000).
 */
export function statusCounts(
  db: Db,
  channelIds: number[],
  scope: CountScope = {},
  cap = STATUS_COUNT_CAP,
): Record<ConversationStatus, number> {
  const counts: Record<ConversationStatus, number> = { open: 0, pending: 0, resolved: 0, snoozed: 0 };
  if (channelIds.length === 0) return counts;
  const { assigneeId = null, teamId = null } = scope;
  const ownerTerms = [
    ...(assigneeId !== null ? [`assigned_user_id = ${Number(assigneeId)}`] : []),
    ...(teamId !== null ? [`assigned_team_id = ${Number(teamId)}`] : []),
  ];
  if (ownerTerms.length > 0) {
    const upTo = db.query<{ n: number }, [string, number]>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM conversations WHERE ${ownerTerms.join(" AND ")} AND status = ?1
         AND +channel_id IN (${channelIds.map(Number).join(",")}) AND last_message_id IS NOT NULL LIMIT ?2)`,
    );
    for (const status of STATUSES) counts[status] = upTo.get(status, cap + 1)!.n;
    return counts;
  }
  const upTo = db.query<{ n: number }, [number, string, number]>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM conversations
       WHERE channel_id = ?1 AND status = ?2 AND last_message_id IS NOT NULL${scope.unassigned ? " AND assigned_user_id IS NULL" : ""} LIMIT ?3)`,
  );
  for (const status of STATUSES)
    for (const id of channelIds) {
      const left = cap + 1 - counts[status];
      if (left <= 0) break;
      counts[status] += upTo.get(id, status, left)!.n;
    }
  return counts;
}
