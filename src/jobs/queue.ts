import type { Db } from "../db/open.ts";

export type JobRow = {
  id: number;
  kind: string;
  payload: string;
  dedupe_key: string | null;
  order_key: string | null;
  status: "pending" | "running" | "done" | "failed";
  run_at: number;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_until: number | null;
  created_at: number;
  finished_at: number | null;
};

export type NewJob = {
  kind: string;
  payload: unknown;
  runAt: number;
  /** A job with the same key is never queued twice (an idempotency key). */
  dedupeKey?: string | null;
  /** Jobs sharing an order key run one at a time, in the order they were queued. */
  orderKey?: string | null;
  maxAttempts?: number;
};

/**
 * Queues a job. Synchronous on purpose: call it inside the transaction that makes the job necessary
 * (storing a message, say), so the job exists exactly when that change does. Returns the job id, or
 * null when the dedupe key was already queued.
 */
export function enqueueJob(db: Db, job: NewJob, now: number): number | null {
  const res = db
    .query(
      `INSERT INTO jobs (kind, payload, dedupe_key, order_key, run_at, max_attempts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .run(
      job.kind,
      JSON.stringify(job.payload ?? {}),
      job.dedupeKey ?? null,
      job.orderKey ?? null,
      job.runAt,
      job.maxAttempts ?? 10,
      now,
    );
  return res.changes === 1 ? Number(res.lastInsertRowid) : null;
}

/**
 * The WHERE terms of the partial indexes over live jobs (0006: jobs_due, jobs_order). A query must
 * repeat them word for word, or SQLite cannot use those indexes and reads every job ever written.
 */
const LIVE = "status IN ('pending','running')";

/** Claims due jobs for one runner: each claimed job is 'running' with a lease and one more attempt. */
export function claimDueJobs(db: Db, now: number, limit: number, leaseMs: number): JobRow[] {
  return db
    .transaction(() => {
      const due = db
        .query<JobRow, [number, number]>(
          `SELECT j.* FROM jobs j
         WHERE j.status = 'pending' AND j.${LIVE} AND j.run_at <= ?1
           AND (j.order_key IS NULL OR NOT EXISTS (
             SELECT 1 FROM jobs e WHERE e.order_key = j.order_key AND e.id < j.id AND e.${LIVE}))
         ORDER BY j.run_at, j.id LIMIT ?2`,
        )
        .all(now, limit);
      const claim = db.query(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ? WHERE id = ? AND status = 'pending'",
      );
      for (const j of due) claim.run(now + leaseMs, j.id);
      return due.map((j) => ({
        ...j,
        status: "running" as const,
        attempts: j.attempts + 1,
        locked_until: now + leaseMs,
      }));
    })
    .immediate();
}

export function completeJob(db: Db, id: number, now: number): void {
  db.query(
    "UPDATE jobs SET status = 'done', finished_at = ?, locked_until = NULL, last_error = NULL WHERE id = ?",
  ).run(now, id);
}

export function retryJob(db: Db, id: number, error: string, runAt: number): void {
  db.query(
    "UPDATE jobs SET status = 'pending', run_at = ?, last_error = ?, locked_until = NULL WHERE id = ?",
  ).run(runAt, error.slice(0, 1000), id);
}

export function failJob(db: Db, id: number, error: string, now: number): void {
  db.query(
    "UPDATE jobs SET status = 'failed', last_error = ?, finished_at = ?, locked_until = NULL WHERE id = ?",
  ).run(error.slice(0, 1000), now, id);
}

/** Puts a finished or failed job back in line (a manual re-run or resend). */
export function requeueJob(db: Db, id: number, now: number): void {
  db.query(
    "UPDATE jobs SET status = 'pending', run_at = ?, attempts = 0, last_error = NULL, finished_at = NULL WHERE id = ?",
  ).run(now, id);
}

/**
 * At start-up, jobs left 'running' by a process that died go back to 'pending'; their attempt
 * counts, so a step that was mid-flight is tried again, and the handler's idempotency key keeps it from acting twice.
 */
export function recoverInterruptedJobs(db: Db): number {
  return db
    .query(`UPDATE jobs SET status = 'pending', locked_until = NULL WHERE status = 'running' AND ${LIVE}`)
    .run().changes;
}

export function findJob(db: Db, id: number): JobRow | null {
  return db.query<JobRow, [number]>("SELECT * FROM jobs WHERE id = ?").get(id);
}

/** Live jobs and failed ones still kept, per kind and status (for /metrics), each from its index. */
export function jobQueueDepth(db: Db): { kind: string; status: string; n: number }[] {
  return db
    .query<{ kind: string; status: string; n: number }, []>(
      `SELECT kind, status, count(*) AS n FROM jobs WHERE ${LIVE} GROUP BY kind, status
       UNION ALL
       SELECT kind, status, count(*) AS n FROM jobs WHERE status = 'failed' AND ${FINISHED} GROUP BY kind, status`,
    )
    .all();
}

/** The WHERE term of the index over finished jobs (0017: jobs_finished), repeated for the same reason as LIVE. */
const FINISHED = "status IN ('done','failed')";

/**
 * Deletes at most `limit` jobs that finished (done or failed) before `before`, and returns how many.
 * Bounded so a large backlog goes in short transactions between other work, never in one DELETE
 * that holds the write lock for seconds. A pruned job's dedupe key may be queued again: keys guard
 * against a repeat within minutes (a retry, a replay), far inside the retention period.
 */
export function pruneFinishedJobs(db: Db, before: number, limit: number): number {
  return db
    .query(
      `DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE ${FINISHED} AND finished_at < ?1 LIMIT ?2)`,
    )
    .run(before, limit).changes;
}

/** Exponential back-off with ±20 % jitter: 1 min, 2 min, 4 min … capped at 6 hours (10 tries ≈ 14 hours). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 6 * 60 * 60 * 1000);
  return Math.round(base * (0.8 + random() * 0.4));
}
