import type { Db } from "../db/open.ts";
import { backoffMs, completeJob, failJob, retryJob, type JobRow } from "./queue.ts";

/** What a handler answers: done, try again later (with its reason), or give up for good. */
export type JobOutcome = { ok: true } | { ok: false; retry: boolean; error: string; retryInMs?: number };

type Finished = { job: JobRow; outcome: JobOutcome; at: number };

/**
 * Group commit for finished jobs: outcomes that come in during one turn of the event loop are
 * written in one transaction, instead of a commit (and an fsync) per job. A job's outcome is always
 * written before the runner claims again, so the next job of the same order key, or a retry, never
 * starts before it; a crash before the write runs the job again, which handlers are built to absorb
 * (their idempotency keys), as after a crash in the middle of a handler.
 */
export function createOutcomeLog(db: Db, onError: (err: unknown) => void) {
  let finished: Finished[] = [];
  let scheduled: ReturnType<typeof setImmediate> | null = null;

  function writeOne({ job, outcome, at }: Finished): void {
    if (outcome.ok) completeJob(db, job.id, at);
    else if (outcome.retry && job.attempts < job.max_attempts)
      retryJob(db, job.id, outcome.error, at + (outcome.retryInMs ?? backoffMs(job.attempts)));
    else failJob(db, job.id, outcome.error, at);
  }

  /** Writes every outcome waiting now; throws when the write fails (they stay waiting). */
  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (finished.length === 0) return;
    const list = finished;
    finished = [];
    try {
      db.transaction(() => {
        for (const f of list) writeOne(f);
      }).immediate();
    } catch (err) {
      finished = list.concat(finished);
      throw err;
    }
  }

  return {
    record(job: JobRow, outcome: JobOutcome, at: number): void {
      finished.push({ job, outcome, at });
      scheduled ??= setImmediate(() => {
        try {
          flush();
        } catch (err) {
          onError(err);
        }
      });
    },
    flush,
  };
}
