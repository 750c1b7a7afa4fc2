import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { backoffMs, completeJob, failJob, retryJob, type JobRow } from "./queue.ts";

/**
 * What a handler answers: done, try again later (with its reason), or give up for good.
 * `commit` is the handler's own synchronous database work that must land together with this outcome
 * (a workflow step's effect and state, a delivery's attempt in the log): it runs inside the
 * transaction that records the outcome, in its own savepoint, so a crash keeps both or neither.
 */
export type JobOutcome = ({ ok: true } | { ok: false; retry: boolean; error: string; retryInMs?: number }) & {
  commit?: () => void;
};

type Finished = { job: JobRow; outcome: JobOutcome; at: number };

/**
 * Group commit for finished jobs: outcomes that come in during one turn of the event loop are
 * written in one transaction, with each handler's `commit`, instead of a commit (and an fsync) per
 * job. A job's outcome is always written before the runner claims again, so the next job of the
 * same order key, or a retry, never starts before it; a crash before the write runs the job again,
 * which handlers are built to absorb (their work is in `commit`, or keyed), as after a crash in the
 * middle of a handler.
 */
export function createOutcomeLog(db: Db, onError: (err: unknown, job?: JobRow) => void) {
  let finished: Finished[] = [];
  let scheduled: ReturnType<typeof setImmediate> | null = null;

  function writeOne({ job, outcome, at }: Finished): void {
    let result: JobOutcome = outcome;
    if (outcome.commit) {
      try {
        // A savepoint: a commit that throws rolls back alone, and its job is tried again later
        // rather than lost; the other jobs of the group keep their outcomes.
        write(db, () => outcome.commit?.());
      } catch (err) {
        onError(err, job);
        result = { ok: false, retry: true, error: (err as Error).message || "recording the job failed" };
      }
    }
    if (result.ok) completeJob(db, job.id, at);
    else if (result.retry && job.attempts < job.max_attempts)
      retryJob(db, job.id, result.error, at + (result.retryInMs ?? backoffMs(job.attempts)));
    else failJob(db, job.id, result.error, at);
  }

  /** Writes every outcome waiting now; throws when the write fails (they stay waiting). */
  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (finished.length === 0) return;
    const list = finished;
    finished = [];
    try {
      // write(): what a commit queues with afterCommit (a live push, say) runs once this group is durable.
      write(db, () => {
        for (const f of list) writeOne(f);
      });
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
