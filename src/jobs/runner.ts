import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import {
  backoffMs,
  claimDueJobs,
  completeJob,
  failJob,
  recoverInterruptedJobs,
  retryJob,
  type JobRow,
} from "./queue.ts";

/** What a handler answers: done, try again later (with its reason), or give up for good. */
export type JobOutcome = { ok: true } | { ok: false; retry: boolean; error: string; retryInMs?: number };

export type JobHandler = (job: JobRow, payload: unknown) => Promise<JobOutcome>;

export type RunnerOptions = {
  db: Db;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  concurrency?: number;
  leaseMs?: number;
};

/**
 * The one job runner: polls due jobs, runs their handlers, records each outcome before taking the
 * next. A thrown error counts as "retry later" so a bug never loses a job.
 */
export function createJobRunner(opts: RunnerOptions) {
  const { db, clock, logger } = opts;
  const handlers = new Map<string, JobHandler>();
  const pollMs = opts.pollMs ?? 500;
  const concurrency = opts.concurrency ?? 4;
  const leaseMs = opts.leaseMs ?? 5 * 60 * 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let stopped = true;
  let inFlight = Promise.resolve();

  async function runOne(job: JobRow): Promise<void> {
    const handler = handlers.get(job.kind);
    let outcome: JobOutcome;
    if (!handler) {
      outcome = { ok: false, retry: true, error: `no handler for ${job.kind}` };
    } else {
      try {
        outcome = await handler(job, JSON.parse(job.payload));
      } catch (err) {
        logger.error({ err, jobId: job.id, kind: job.kind }, "job handler threw");
        outcome = { ok: false, retry: true, error: (err as Error).message || "handler failed" };
      }
    }
    const now = clock();
    if (outcome.ok) completeJob(db, job.id, now);
    else if (outcome.retry && job.attempts < job.max_attempts)
      retryJob(db, job.id, outcome.error, now + (outcome.retryInMs ?? backoffMs(job.attempts)));
    else failJob(db, job.id, outcome.error, now);
  }

  /** Runs every job due now (in batches), then returns. Tests call this instead of waiting for the timer. */
  async function drain(): Promise<number> {
    if (running) return 0;
    running = true;
    let total = 0;
    try {
      for (;;) {
        const batch = claimDueJobs(db, clock(), concurrency, leaseMs);
        if (batch.length === 0) break;
        total += batch.length;
        await Promise.all(batch.map(runOne));
      }
    } finally {
      running = false;
    }
    return total;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = drain()
        .then(
          () => undefined,
          (err) => logger.error({ err }, "job runner failed"),
        )
        .finally(() => schedule(pollMs));
    }, delay);
  }

  return {
    register(kind: string, handler: JobHandler): void {
      handlers.set(kind, handler);
    },
    drain,
    /** Something was queued: look now instead of at the next poll. */
    poke(): void {
      if (stopped || running) return;
      if (timer) clearTimeout(timer);
      schedule(0);
    },
    start(): void {
      const recovered = recoverInterruptedJobs(db);
      if (recovered) logger.warn({ recovered }, "jobs interrupted by a restart are queued again");
      stopped = false;
      schedule(0);
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
