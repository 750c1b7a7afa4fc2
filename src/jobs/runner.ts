import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { claimDueJobs, pruneFinishedJobs, recoverInterruptedJobs, type JobRow } from "./queue.ts";
import { createOutcomeLog, type JobOutcome } from "./outcomes.ts";

export type { JobOutcome };

export type JobHandler = (job: JobRow, payload: unknown) => Promise<JobOutcome>;

/** Deletes at most `limit` finished rows older than `before`; returns how many it deleted. */
export type Pruner = (before: number, limit: number) => number;

export type RunnerOptions = {
  db: Db;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  concurrency?: number;
  /** Jobs claimed per claim (one transaction); they run `concurrency` at a time. */
  claimBatch?: number;
  leaseMs?: number;
  /** How long finished jobs (and what registered pruners keep, such as the webhook log) are kept. */
  retentionMs?: number;
  pruneEveryMs?: number;
  /** Rows deleted per transaction while pruning. */
  pruneBatch?: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The one job runner: polls due jobs, runs their handlers, records their outcomes (in groups, see
 * outcomes.ts) before claiming again. A thrown error counts as "retry later" so a bug never loses a job.
 */
export function createJobRunner(opts: RunnerOptions) {
  const { db, clock, logger } = opts;
  const handlers = new Map<string, JobHandler>();
  const pollMs = opts.pollMs ?? 500;
  const concurrency = opts.concurrency ?? 4;
  // One claim and one outcome commit per many jobs, not per job: commits bound the runner's rate.
  const claimBatch = Math.max(concurrency, opts.claimBatch ?? 100);
  const outcomes = createOutcomeLog(db, (err, job) =>
    logger.error({ err, jobId: job?.id, kind: job?.kind }, "recording job outcomes failed"),
  );
  const leaseMs = opts.leaseMs ?? 5 * 60 * 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let stopped = true;
  let inFlight = Promise.resolve();
  const retentionMs = opts.retentionMs ?? 30 * DAY_MS;
  const pruneEveryMs = opts.pruneEveryMs ?? 60 * 60 * 1000;
  const pruneBatch = opts.pruneBatch ?? 500;
  const pruners = new Map<string, Pruner>([
    ["jobs", (before, limit) => pruneFinishedJobs(db, before, limit)],
  ]);
  let pruneTimer: ReturnType<typeof setTimeout> | null = null;
  let pruning: Promise<number> | null = null;
  /** Set by stop(): a prune under way ends after its current batch. */
  let halted = false;

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
    outcomes.record(job, outcome, clock());
  }

  /** Runs a claimed batch `concurrency` at a time, each worker taking the next job as it finishes one. */
  async function runBatch(batch: JobRow[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < batch.length) await runOne(batch[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    outcomes.flush();
  }

  /** Runs every job due now (in batches), then returns. Tests call this instead of waiting for the timer. */
  async function drain(): Promise<number> {
    if (running) return 0;
    running = true;
    let total = 0;
    try {
      for (;;) {
        const batch = claimDueJobs(db, clock(), claimBatch, leaseMs);
        if (batch.length === 0) break;
        total += batch.length;
        await runBatch(batch);
      }
    } finally {
      running = false;
    }
    return total;
  }

  /**
   * Removes what is older than the retention period, one short transaction per batch with a turn of
   * the event loop between batches, so a large backlog (millions of rows after an upgrade) never
   * holds the write lock for long or stalls requests and ingest.
   */
  async function pruneAll(): Promise<number> {
    const before = clock() - retentionMs;
    let total = 0;
    for (const [name, prune] of pruners) {
      for (;;) {
        let n: number;
        try {
          n = prune(before, pruneBatch);
        } catch (err) {
          logger.error({ err, pruner: name }, "pruning failed");
          break;
        }
        total += n;
        if (n < pruneBatch || halted) break;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    return total;
  }

  function prune(): Promise<number> {
    pruning ??= pruneAll().finally(() => {
      pruning = null;
    });
    return pruning;
  }

  function schedulePrune(delay: number): void {
    if (stopped) return;
    pruneTimer = setTimeout(() => {
      void prune()
        .then((n) => {
          if (n > 0) logger.info({ removed: n, retentionDays: retentionMs / DAY_MS }, "pruned finished jobs");
        })
        .finally(() => schedulePrune(pruneEveryMs));
    }, delay);
    pruneTimer.unref?.();
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
    /** Another feature's finished rows to prune with the same retention (the webhook delivery log). */
    addPruner(name: string, pruner: Pruner): void {
      pruners.set(name, pruner);
    },
    /** Prunes everything older than the retention period now. Tests call this instead of waiting for the timer. */
    prune,
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
      halted = false;
      schedule(0);
      // Not at once: start-up has enough to do; the first prune follows shortly after.
      schedulePrune(Math.min(pruneEveryMs, 60_000));
    },
    async stop(): Promise<void> {
      stopped = true;
      halted = true;
      if (timer) clearTimeout(timer);
      if (pruneTimer) clearTimeout(pruneTimer);
      await inFlight;
      await pruning;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
