import { describe, expect, test } from "bun:test";
import { migrate } from "../src/db/migrate.ts";
import { openDatabase } from "../src/db/open.ts";
import {
  claimDueJobs,
  completeJob,
  enqueueJob,
  failJob,
  findJob,
  jobQueueDepth,
  pruneFinishedJobs,
  recoverInterruptedJobs,
} from "../src/jobs/queue.ts";
import { createJobRunner } from "../src/jobs/runner.ts";
import { silentLogger } from "../src/log.ts";
import { pruneWebhookLog } from "../src/webhooks/store.ts";
import { plansOf, tableScans } from "./helpers/query-plan.ts";

const DAY = 24 * 60 * 60 * 1000;

function setup(opts: { retentionMs?: number; pruneBatch?: number } = {}) {
  const db = openDatabase(":memory:");
  migrate(db);
  let now = 100 * DAY;
  const runner = createJobRunner({ db, clock: () => now, logger: silentLogger, ...opts });
  return { db, runner, now: () => now, advance: (ms: number) => (now += ms) };
}

/** `n` jobs of a kind, finished (done or failed) at `at`. */
function finishedJobs(db: ReturnType<typeof setup>["db"], n: number, at: number, outcome: "done" | "failed") {
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = enqueueJob(db, { kind: "old", payload: {}, runAt: at }, at)!;
      if (outcome === "done") completeJob(db, id, at);
      else failJob(db, id, "gave up", at);
    }
  })();
}

const count = (db: ReturnType<typeof setup>["db"]) =>
  db.query<{ n: number }, []>("SELECT count(*) AS n FROM jobs").get()!.n;

describe("the job queue reads its indexes, however many jobs were ever written", () => {
  test("claiming due jobs searches the due index (the partial index's own terms), not every job", () => {
    const t = setup();
    const { plans } = plansOf(t.db, () => claimDueJobs(t.db, t.now(), 4, 60_000));
    expect(plans).toContain("SEARCH j USING INDEX jobs_due (status=? AND run_at<?)");
    expect(tableScans(plans)).toEqual([]);
  });

  test("start-up recovery and the queue depth for /metrics read indexes only", () => {
    const t = setup();
    const { plans } = plansOf(t.db, () => {
      recoverInterruptedJobs(t.db);
      jobQueueDepth(t.db);
    });
    expect(plans).toContain("SEARCH jobs USING INDEX jobs_due (status=?)");
    expect(tableScans(plans)).toEqual([]);
  });

  test("pruning finds old finished jobs through an index and deletes a bounded batch at a time", () => {
    const t = setup();
    finishedJobs(t.db, 7, t.now() - 40 * DAY, "done");
    const { result, plans } = plansOf(t.db, () => pruneFinishedJobs(t.db, t.now() - 30 * DAY, 5));
    expect(result).toBe(5);
    expect(count(t.db)).toBe(2);
    expect(tableScans(plans)).toEqual([]);
    expect(plans.join("\n")).toContain("USING COVERING INDEX jobs_finished");
  });
});

describe("finished jobs are kept for the retention period, then pruned by the runner", () => {
  test("done and failed jobs older than the retention go, in batches; pending, running and recent ones stay", async () => {
    const t = setup({ retentionMs: 30 * DAY, pruneBatch: 100 });
    finishedJobs(t.db, 250, t.now() - 31 * DAY, "done");
    finishedJobs(t.db, 30, t.now() - 45 * DAY, "failed");
    finishedJobs(t.db, 20, t.now() - 29 * DAY, "done");
    const waiting = enqueueJob(
      t.db,
      { kind: "later", payload: {}, runAt: t.now() + DAY },
      t.now() - 60 * DAY,
    )!;
    const running = enqueueJob(
      t.db,
      { kind: "busy", payload: {}, runAt: t.now() - 60 * DAY },
      t.now() - 60 * DAY,
    )!;
    t.db.query("UPDATE jobs SET status = 'running' WHERE id = ?").run(running);

    expect(await t.runner.prune()).toBe(280);
    expect(count(t.db)).toBe(22);
    expect(findJob(t.db, waiting)?.status).toBe("pending");
    expect(findJob(t.db, running)?.status).toBe("running");
    expect(await t.runner.prune()).toBe(0);
  });

  test("a registered pruner (the webhook log) runs with the same cut-off and batch size", async () => {
    const t = setup({ retentionMs: 7 * DAY, pruneBatch: 10 });
    const calls: { before: number; limit: number }[] = [];
    let left = 25;
    t.runner.addPruner("test log", (before, limit) => {
      calls.push({ before, limit });
      const n = Math.min(left, limit);
      left -= n;
      return n;
    });
    expect(await t.runner.prune()).toBe(25);
    expect(calls).toEqual([
      { before: t.now() - 7 * DAY, limit: 10 },
      { before: t.now() - 7 * DAY, limit: 10 },
      { before: t.now() - 7 * DAY, limit: 10 },
    ]);
  });
});

describe("the webhook delivery log is pruned with the same retention", () => {
  test("old finished deliveries and their events are found by age through indexes, a bounded batch at a time", () => {
    const t = setup();
    const { result, plans } = plansOf(t.db, () => pruneWebhookLog(t.db, t.now(), 100));
    expect(result).toBe(0);
    expect(tableScans(plans)).toEqual([]);
    const plan = plans.join("\n");
    expect(plan).toContain("USING INDEX webhook_deliveries_finished");
    expect(plan).toContain("USING COVERING INDEX webhook_events_by_age");
    expect(plan).toContain("USING COVERING INDEX webhook_deliveries_by_event");
  });
});
