import { write } from "../db/write.ts";
import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Services } from "../messaging/services.ts";
import type { JobOutcome } from "../jobs/runner.ts";
import type { JobRow } from "../jobs/queue.ts";
import type { RecordRef, RecordType } from "../records/public.ts";
import { runStep } from "./steps/index.ts";
import { FieldRejected } from "./steps/update-field.tsx";
import type { StepOutcome } from "./steps/run-context.ts";
import type { DataBundle } from "./expressions.ts";
import { parseSteps, stepDefinition, type Step } from "./steps/index.ts";
import {
  adoptEditedSteps,
  findRun,
  findRunStep,
  finishStep,
  prepareRerun,
  setRunState,
  skipSteps,
  startStep,
  type RunRow,
} from "./runs-store.ts";
import { channelRefusal } from "./scope.ts";
import { findWorkflow } from "./store.ts";
import { enqueueStep, type StepJobPayload } from "./trigger.ts";

export type RunnerDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  services: Services;
  webhookTimeoutMs?: number;
  mediaWaitMs?: number;
  fetchAllow?: readonly string[];
};

/** The step's outbound idempotency key: `wf:<runId>:<step>`, plus the re-run number after a manual re-run. */
export function stepKey(run: RunRow, step: number): string {
  return run.reruns === 0 ? `wf:${run.id}:${step}` : `wf:${run.id}:${step}:r${run.reruns}`;
}

/**
 * Runs one step of a run per job. The step's result, its effect (`commit`), the run's state and
 * the next step's job are the job's outcome `commit`, written with the job's own outcome in the
 * runner's group transaction, so a restart resumes exactly where it stopped: a Wait's next job keeps
 * its due time, and nothing is done twice. A step that reaches outside the database (a send, a call)
 * also has its start committed before it runs: one found 'running' was cut off and is tried once
 * more, sends are keyed so they never go out twice, and one cut off twice is stopped.
 * The last step finishes the run in its own commit (no job only to say so), unless it waits.
 */
export function createStepHandler(deps: RunnerDeps) {
  const { db, clock, logger } = deps;

  return async function handleStep(job: JobRow, payload: unknown): Promise<JobOutcome> {
    const { runId, step: index } = payload as StepJobPayload;
    const run = findRun(db, runId);
    if (!run || run.status === "done" || run.status === "failed" || run.current_step !== index)
      return { ok: true };
    const steps = parseSteps(run.steps);
    const workflow = findWorkflow(db, run.workflow_id);

    const previous = index > 0 ? findRunStep(db, runId, index - 1) : null;
    const closeWait = () => {
      if (previous?.status === "waiting") finishWait(runId, index - 1, previous.result, previous.due_at);
    };
    if (index >= steps.length)
      return committed(() => {
        closeWait();
        setRunState(db, runId, "done", index, clock());
      });
    const step = steps[index]!;
    const before = findRunStep(db, runId, index);
    if (before?.status === "running" && before.tries >= 2)
      return committed(() =>
        failRun(runId, index, "interrupted twice while running: stopped rather than risk doing it again"),
      );
    const startedAt = clock();
    const start = () => {
      closeWait();
      startStep(db, runId, index, step.kind, startedAt);
    };
    // Checked before every step, so a run waiting when its channel left the scope (or its editor's
    // access) stops there instead of carrying that channel's message on.
    const refused = workflow ? channelRefusal(db, workflow, run.channel_id) : null;
    if (refused)
      return committed(() => {
        start();
        failRun(runId, index, `stopped: ${refused}`);
      });
    const atomic = stepDefinition(step.kind).atomic === true;
    if (!atomic)
      write(db, () => {
        start();
        setRunState(db, runId, "running", index, startedAt);
      });

    let outcome: StepOutcome;
    try {
      outcome = await runStep(
        {
          db,
          clock,
          logger,
          services: deps.services,
          run,
          workflowName: workflow?.name ?? `#${run.workflow_id}`,
          sendingRefusal: (channelId) =>
            workflow
              ? channelRefusal(db, workflow, channelId, "the sending channel")
              : "the workflow no longer exists",
          ref: { type: run.record_type as RecordType, id: run.record_id } satisfies RecordRef,
          data: JSON.parse(run.data) as DataBundle,
          stepIndex: index,
          idempotencyKey: stepKey(run, index),
          webhookTimeoutMs: deps.webhookTimeoutMs ?? 10_000,
          fetchAllow: deps.fetchAllow ?? [],
          mediaWaitMs: deps.mediaWaitMs ?? 30_000,
        },
        step,
      );
    } catch (err) {
      logger.error({ err, runId, step: index }, "workflow step threw");
      outcome = { kind: "fail", error: (err as Error).message || "the step failed" };
    }
    return record(job, run, index, steps, outcome, atomic ? start : () => {});
  };

  function committed(commit: () => void): JobOutcome {
    return { ok: true, commit };
  }

  function finishWait(runId: number, index: number, result: string, dueAt: number | null): void {
    finishStep(
      db,
      runId,
      index,
      "done",
      result.replace(/^waiting until/, "waited until"),
      null,
      clock(),
      dueAt,
    );
  }

  function failRun(runId: number, index: number, error: string): void {
    write(db, () => {
      finishStep(db, runId, index, "failed", "", error, clock());
      setRunState(db, runId, "failed", index, clock(), error);
    });
  }

  /** The step's outcome as the job's: `start` is what an atomic step writes of its start, with it. */
  function record(
    job: JobRow,
    run: RunRow,
    index: number,
    steps: Step[],
    outcome: StepOutcome,
    start: () => void,
  ): JobOutcome {
    const now = clock();
    const total = steps.length;
    switch (outcome.kind) {
      case "done":
        return committed(() => {
          try {
            write(db, () => {
              start();
              outcome.commit?.();
              finishStep(db, run.id, index, "done", outcome.result, null, now);
              if (index + 1 < total) {
                setRunState(db, run.id, "running", index + 1, now);
                enqueueStep(db, run.id, index + 1, run.reruns, now, now);
              } else setRunState(db, run.id, "done", total, now);
            });
          } catch (err) {
            if (!(err instanceof FieldRejected))
              logger.error({ err, runId: run.id, step: index }, "workflow step could not be recorded");
            start();
            failRun(run.id, index, (err as Error).message);
          }
        });
      case "wait":
        return committed(() => {
          start();
          finishStep(db, run.id, index, "waiting", outcome.result, null, now, outcome.dueAt);
          setRunState(db, run.id, "waiting", index + 1, now);
          enqueueStep(db, run.id, index + 1, run.reruns, outcome.dueAt, now);
        });
      case "stop":
        return committed(() => {
          start();
          finishStep(db, run.id, index, "done", outcome.result, null, now);
          skipSteps(
            db,
            run.id,
            index + 1,
            steps.slice(index + 1).map((s) => s.kind),
            now,
          );
          setRunState(db, run.id, "done", total, now);
        });
      case "retry":
        if (job.attempts >= job.max_attempts)
          return committed(() => {
            start();
            failRun(run.id, index, `${outcome.error} (gave up after ${job.attempts} tries)`);
          });
        return {
          ok: false,
          retry: true,
          error: outcome.error,
          retryInMs: outcome.retryInMs,
          commit: () => {
            start();
            finishStep(db, run.id, index, "retrying", "", `${outcome.error}: will try again`, now);
            setRunState(db, run.id, "pending", index, now);
          },
        };
      case "fail":
        return committed(() => {
          start();
          failRun(run.id, index, outcome.error);
        });
    }
  }
}

/**
 * Re-run of a failed run: from its failed step, with fresh idempotency keys for the steps it runs
 * again, and the workflow's fixed steps when it was edited since (see adoptEditedSteps).
 */
export function rerunFailedRun(db: Db, runId: number, now: number): boolean {
  return write(db, () => {
    const run = findRun(db, runId);
    if (run?.status !== "failed") return false;
    adoptEditedSteps(db, run);
    const gen = prepareRerun(db, runId, now);
    enqueueStep(db, runId, run.current_step, gen, now, now);
    return true;
  });
}
