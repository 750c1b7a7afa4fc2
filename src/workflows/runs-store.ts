import type { Db } from "../db/open.ts";
import { parseSteps, type Step } from "./steps/index.ts";
import { findWorkflow } from "./store.ts";

/** The SQL of runs and their steps: a run's state, written before and after each step. */
export type RunStatus = "pending" | "running" | "waiting" | "done" | "failed";
export type RunRow = {
  id: number;
  workflow_id: number;
  record_type: string;
  record_id: number;
  message_id: number | null;
  conversation_id: number | null;
  channel_id: number | null;
  status: RunStatus;
  data: string;
  steps: string;
  current_step: number;
  reruns: number;
  error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
};
export type StepStatus = "running" | "done" | "waiting" | "failed" | "skipped" | "retrying";
export type RunStepRow = {
  run_id: number;
  step_index: number;
  kind: string;
  status: StepStatus;
  tries: number;
  result: string;
  error: string | null;
  due_at: number | null;
  started_at: number | null;
  finished_at: number | null;
};

export type NewRun = {
  workflowId: number;
  recordType: string;
  recordId: number;
  messageId: number;
  conversationId: number;
  channelId: number;
  data: unknown;
  steps: Step[];
};

/** Null when this message already started this workflow for this record (a replayed hook). */
export function insertRun(db: Db, r: NewRun, now: number): number | null {
  const res = db
    .query(
      `INSERT INTO workflow_runs (workflow_id, record_type, record_id, message_id, conversation_id, channel_id, data, steps, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .run(
      r.workflowId,
      r.recordType,
      r.recordId,
      r.messageId,
      r.conversationId,
      r.channelId,
      JSON.stringify(r.data),
      JSON.stringify(r.steps),
      now,
      now,
    );
  return res.changes === 1 ? Number(res.lastInsertRowid) : null;
}

export function findRun(db: Db, id: number): RunRow | null {
  return db.query<RunRow, [number]>("SELECT * FROM workflow_runs WHERE id = ?").get(id);
}

export function listRuns(db: Db, workflowId: number, limit = 50): RunRow[] {
  return db
    .query<RunRow, [number, number]>(
      "SELECT * FROM workflow_runs WHERE workflow_id = ? ORDER BY id DESC LIMIT ?",
    )
    .all(workflowId, limit);
}

export function runSteps(db: Db, runId: number): RunStepRow[] {
  return db
    .query<RunStepRow, [number]>("SELECT * FROM workflow_run_steps WHERE run_id = ? ORDER BY step_index")
    .all(runId);
}

export function findRunStep(db: Db, runId: number, index: number): RunStepRow | null {
  return db
    .query<RunStepRow, [number, number]>(
      "SELECT * FROM workflow_run_steps WHERE run_id = ? AND step_index = ?",
    )
    .get(runId, index);
}

export function setRunState(
  db: Db,
  runId: number,
  status: RunStatus,
  currentStep: number,
  now: number,
  error: string | null = null,
): void {
  const finished = status === "done" || status === "failed" ? now : null;
  db.query(
    "UPDATE workflow_runs SET status = ?, current_step = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ?",
  ).run(status, currentStep, error, now, finished, runId);
}

/** Written before a step runs: counts the try, so a step found 'running' after a restart was cut off. */
export function startStep(db: Db, runId: number, index: number, kind: string, now: number): RunStepRow {
  return db
    .query<RunStepRow, [number, number, string, number]>(
      `INSERT INTO workflow_run_steps (run_id, step_index, kind, status, tries, started_at) VALUES (?1, ?2, ?3, 'running', 1, ?4)
       ON CONFLICT (run_id, step_index) DO UPDATE SET status = 'running', tries = tries + 1, error = NULL,
         started_at = coalesce(started_at, ?4)
       RETURNING *`,
    )
    .get(runId, index, kind, now)!;
}

export function finishStep(
  db: Db,
  runId: number,
  index: number,
  status: StepStatus,
  result: string,
  error: string | null,
  now: number,
  dueAt: number | null = null,
): void {
  db.query(
    "UPDATE workflow_run_steps SET status = ?, result = ?, error = ?, due_at = ?, finished_at = ? WHERE run_id = ? AND step_index = ?",
  ).run(
    status,
    result.slice(0, 2000),
    error?.slice(0, 1000) ?? null,
    dueAt,
    status === "retrying" || status === "waiting" ? null : now,
    runId,
    index,
  );
}

export function skipSteps(db: Db, runId: number, from: number, kinds: string[], now: number): void {
  const insert = db.query(
    `INSERT INTO workflow_run_steps (run_id, step_index, kind, status, result, finished_at) VALUES (?, ?, ?, 'skipped', 'condition was false', ?)
     ON CONFLICT (run_id, step_index) DO NOTHING`,
  );
  kinds.forEach((kind, i) => {
    insert.run(runId, from + i, kind, now);
  });
}

/**
 * Before a re-run: when the workflow was edited after this run started and its steps up to the failed
 * one are unchanged, the run takes the workflow's current steps from the failed one on (the usual
 * reason to re-run is a fixed step). Otherwise it keeps its own, so nothing done is redone or skipped.
 */
export function adoptEditedSteps(db: Db, run: RunRow): boolean {
  const workflow = findWorkflow(db, run.workflow_id);
  if (!workflow) return false;
  const own = parseSteps(run.steps);
  const at = run.current_step;
  const same = (a: Step[], b: Step[]) => JSON.stringify(a) === JSON.stringify(b);
  if (
    workflow.steps.length <= at ||
    same(own, workflow.steps) ||
    !same(own.slice(0, at), workflow.steps.slice(0, at))
  )
    return false;
  db.query("UPDATE workflow_runs SET steps = ? WHERE id = ?").run(JSON.stringify(workflow.steps), run.id);
  db.query("UPDATE workflow_run_steps SET kind = ? WHERE run_id = ? AND step_index = ?").run(
    workflow.steps[at]!.kind,
    run.id,
    at,
  );
  return true;
}

/** A manual re-run starts again at the failed step; earlier steps (and their sends) stand. */
export function prepareRerun(db: Db, runId: number, now: number): number {
  db.query(
    "UPDATE workflow_runs SET status = 'pending', reruns = reruns + 1, error = NULL, finished_at = NULL, updated_at = ? WHERE id = ?",
  ).run(now, runId);
  db.query(
    "UPDATE workflow_run_steps SET status = 'retrying', tries = 0, error = NULL WHERE run_id = ? AND status = 'failed'",
  ).run(runId);
  return db.query<{ reruns: number }, [number]>("SELECT reruns FROM workflow_runs WHERE id = ?").get(runId)!
    .reruns;
}
