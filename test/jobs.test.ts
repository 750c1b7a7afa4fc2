import { describe, expect, test } from "bun:test";
import { migrate } from "../src/db/migrate.ts";
import { openDatabase } from "../src/db/open.ts";
import { backoffMs, claimDueJobs, enqueueJob, findJob } from "../src/jobs/queue.ts";
import { createJobRunner } from "../src/jobs/runner.ts";
import { silentLogger } from "../src/log.ts";

function setup() {
  const db = openDatabase(":memory:");
  migrate(db);
  let now = 1_000_000;
  const runner = createJobRunner({ db, clock: () => now, logger: silentLogger });
  return { db, runner, advance: (ms: number) => (now += ms), now: () => now };
}

describe("the job queue", () => {
  test("a job runs once and is marked done", async () => {
    const t = setup();
    const seen: unknown[] = [];
    t.runner.register("echo", async (_job, payload) => {
      seen.push(payload);
      return { ok: true };
    });
    const id = enqueueJob(t.db, { kind: "echo", payload: { n: 1 }, runAt: t.now() }, t.now())!;
    expect(await t.runner.drain()).toBe(1);
    expect(await t.runner.drain()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    expect(findJob(t.db, id)!.status).toBe("done");
  });

  test("a burst is claimed and recorded in batches, never more than `concurrency` handlers at once", async () => {
    const t = setup();
    let running = 0;
    let most = 0;
    t.runner.register("slowish", async () => {
      running += 1;
      most = Math.max(most, running);
      await Bun.sleep(0);
      running -= 1;
      return { ok: true };
    });
    for (let i = 0; i < 250; i++)
      enqueueJob(t.db, { kind: "slowish", payload: { i }, runAt: t.now() }, t.now());
    expect(await t.runner.drain()).toBe(250);
    expect(most).toBe(4);
    const left = t.db
      .query<{ status: string; n: number }, []>("SELECT status, count(*) AS n FROM jobs GROUP BY status")
      .all();
    expect(left).toEqual([{ status: "done", n: 250 }]);
  });

  test("the same dedupe key is never queued twice", () => {
    const t = setup();
    expect(
      enqueueJob(t.db, { kind: "x", payload: {}, runAt: 0, dedupeKey: "run-1:step-2" }, 0),
    ).not.toBeNull();
    expect(enqueueJob(t.db, { kind: "x", payload: {}, runAt: 0, dedupeKey: "run-1:step-2" }, 0)).toBeNull();
  });

  test("a failing job is retried with back-off, then given up after its last attempt", async () => {
    const t = setup();
    let calls = 0;
    t.runner.register("flaky", async () => {
      calls += 1;
      return { ok: false, retry: true, error: `boom ${calls}` };
    });
    const id = enqueueJob(t.db, { kind: "flaky", payload: {}, runAt: t.now(), maxAttempts: 3 }, t.now())!;
    await t.runner.drain();
    expect(findJob(t.db, id)).toMatchObject({ status: "pending", attempts: 1, last_error: "boom 1" });
    await t.runner.drain();
    expect(calls).toBe(1); // not due yet
    t.advance(10 * 60_000);
    await t.runner.drain();
    t.advance(10 * 60_000);
    await t.runner.drain();
    expect(calls).toBe(3);
    expect(findJob(t.db, id)).toMatchObject({ status: "failed", last_error: "boom 3" });
  });

  test("a thrown error is a retry, never a lost job", async () => {
    const t = setup();
    t.runner.register("bug", async () => {
      throw new Error("oops");
    });
    const id = enqueueJob(t.db, { kind: "bug", payload: {}, runAt: t.now() }, t.now())!;
    await t.runner.drain();
    expect(findJob(t.db, id)).toMatchObject({ status: "pending", last_error: "oops" });
  });

  test("jobs sharing an order key run one at a time, in order, even when the first must retry", async () => {
    const t = setup();
    const order: number[] = [];
    let failFirst = true;
    t.runner.register("ordered", async (_job, payload) => {
      const n = (payload as { n: number }).n;
      if (n === 1 && failFirst) {
        failFirst = false;
        return { ok: false, retry: true, error: "later", retryInMs: 1000 };
      }
      order.push(n);
      return { ok: true };
    });
    for (const n of [1, 2, 3])
      enqueueJob(t.db, { kind: "ordered", payload: { n }, runAt: t.now(), orderKey: "conv-7" }, t.now());
    enqueueJob(t.db, { kind: "ordered", payload: { n: 99 }, runAt: t.now(), orderKey: "conv-8" }, t.now());
    await t.runner.drain();
    expect(order).toEqual([99]);
    t.advance(1000);
    await t.runner.drain();
    expect(order).toEqual([99, 1, 2, 3]);
  });

  test("a job left running by a crash is picked up again on start", async () => {
    const t = setup();
    const id = enqueueJob(t.db, { kind: "k", payload: {}, runAt: t.now() }, t.now())!;
    t.db.query("UPDATE jobs SET status = 'running', attempts = 1 WHERE id = ?").run(id);
    let ran = 0;
    t.runner.register("k", async () => {
      ran += 1;
      return { ok: true };
    });
    t.runner.start();
    await t.runner.stop();
    await t.runner.drain();
    expect(ran).toBe(1);
    expect(findJob(t.db, id)).toMatchObject({ status: "done", attempts: 2 });
  });

  test("an outcome's commit lands with it; one that throws rolls back alone and its job is tried again", async () => {
    const t = setup();
    t.db.exec("CREATE TABLE effects (job_id INTEGER PRIMARY KEY)");
    t.runner.register("effect", async (job, payload) => ({
      ok: true,
      commit: () => {
        t.db.query("INSERT INTO effects (job_id) VALUES (?)").run(job.id);
        if ((payload as { bad?: boolean }).bad) throw new Error("constraint failed");
      },
    }));
    const ids = [false, true, false].map(
      (bad) => enqueueJob(t.db, { kind: "effect", payload: { bad }, runAt: t.now() }, t.now())!,
    );
    expect(await t.runner.drain()).toBe(3);
    const effects = t.db.query<{ job_id: number }, []>("SELECT job_id FROM effects ORDER BY job_id").all();
    expect(effects.map((e) => e.job_id)).toEqual([ids[0]!, ids[2]!]);
    expect(findJob(t.db, ids[0]!)!.status).toBe("done");
    expect(findJob(t.db, ids[2]!)!.status).toBe("done");
    expect(findJob(t.db, ids[1]!)).toMatchObject({ status: "pending", last_error: "constraint failed" });
  });

  test("a crash after the handler ran but before its outcome was written leaves neither; the restart does it once", async () => {
    const t = setup();
    t.db.exec("CREATE TABLE effects (job_id INTEGER PRIMARY KEY)");
    let ran = 0;
    const handler = async (job: { id: number }) => {
      ran += 1;
      return { ok: true as const, commit: () => t.db.query("INSERT INTO effects VALUES (?)").run(job.id) };
    };
    const id = enqueueJob(t.db, { kind: "effect", payload: {}, runAt: t.now() }, t.now())!;
    // The process that dies: it claims the job and runs the handler, and its outcome never commits.
    const [claimed] = claimDueJobs(t.db, t.now(), 10, 60_000);
    await handler(claimed!);
    expect(t.db.query("SELECT count(*) AS n FROM effects").get()).toEqual({ n: 0 });
    // The restart.
    t.runner.register("effect", handler);
    t.runner.start();
    await t.runner.stop();
    await t.runner.drain();
    expect(ran).toBe(2);
    expect(t.db.query("SELECT count(*) AS n FROM effects").get()).toEqual({ n: 1 });
    expect(findJob(t.db, id)).toMatchObject({ status: "done", attempts: 2 });
  });

  test("back-off doubles from a minute, with jitter, capped at six hours", () => {
    expect(backoffMs(1, () => 0.5)).toBe(60_000);
    expect(backoffMs(2, () => 0.5)).toBe(120_000);
    expect(backoffMs(30, () => 0.5)).toBe(6 * 60 * 60 * 1000);
    expect(backoffMs(1, () => 0)).toBe(48_000);
    expect(backoffMs(1, () => 1)).toBe(72_000);
  });
});
