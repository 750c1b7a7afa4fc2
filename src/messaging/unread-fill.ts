import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { enqueueJob } from "../jobs/queue.ts";
import type { JobRunner } from "../jobs/runner.ts";

/**
 * A new user has read nothing yet: every conversation with inbound messages is unread for them. Those
 * rows (conversation_unread, 0017) are written by the job queue, a bounded batch per transaction,
 * rather than by the request that adds the user, which held the write lock for seconds at 500,000
 * conversations. Until the job has run (moments later) the new user's Unread filter may show fewer.
 */
export const UNREAD_FILL_JOB = "unread.fill";
/** Conversations looked at per transaction. */
export const UNREAD_FILL_BATCH = 2000;

/** Called in the write that adds the user. */
export function queueUnreadFill(db: Db, userId: number, now: number): void {
  enqueueJob(
    db,
    { kind: UNREAD_FILL_JOB, payload: { userId }, runAt: now, dedupeKey: `unread-fill:${userId}` },
    now,
  );
}

/**
 * One batch: the conversations after `afterId` (at most `limit`) with inbound messages the user has
 * not seen (a conversation they opened meanwhile stays read). Returns the last conversation id
 * looked at, or null once there are none left.
 */
export function fillUnreadBatch(db: Db, userId: number, afterId: number, limit: number): number | null {
  return write(db, () => {
    const upTo = db
      .query<{ m: number | null }, [number, number]>(
        "SELECT max(id) AS m FROM (SELECT id FROM conversations WHERE id > ?1 ORDER BY id LIMIT ?2)",
      )
      .get(afterId, limit)!.m;
    if (upTo === null) return null;
    db.query(
      `INSERT INTO conversation_unread (user_id, conversation_id)
       SELECT ?1, c.id FROM conversations c WHERE c.id > ?2 AND c.id <= ?3 AND c.inbound_count > coalesce(
         (SELECT r.seen_inbound FROM conversation_reads r WHERE r.user_id = ?1 AND r.conversation_id = c.id), 0)
       ON CONFLICT DO NOTHING`,
    ).run(userId, afterId, upTo);
    return upTo;
  });
}

/** A user removed before their rows were filled: nothing is left to fill (the rows' foreign key says so). */
function removedMeanwhile(err: unknown): boolean {
  return err instanceof Error && /FOREIGN KEY constraint failed/.test(err.message);
}

/** Every batch for one user, yielding to the event loop between them. */
export async function fillUnread(db: Db, userId: number, limit = UNREAD_FILL_BATCH): Promise<void> {
  let after = 0;
  for (;;) {
    let next: number | null;
    try {
      next = fillUnreadBatch(db, userId, after, limit);
    } catch (err) {
      if (removedMeanwhile(err)) return;
      throw err;
    }
    if (next === null) return;
    after = next;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export function installUnreadFill(db: Db, jobs: JobRunner): void {
  jobs.register(UNREAD_FILL_JOB, async (_job, payload) => {
    await fillUnread(db, Number((payload as { userId?: unknown }).userId));
    return { ok: true };
  });
}
