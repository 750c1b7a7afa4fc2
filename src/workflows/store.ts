import type { Db } from "../db/open.ts";
import { parseSteps, readSteps, type Step } from "./steps.ts";

export type WorkflowRow = {
  id: number;
  record_type: string;
  name: string;
  enabled: number;
  pattern: string;
  steps: string;
  created_at: number;
  updated_at: number;
  last_error: string | null;
  last_error_at: number | null;
};
export type Workflow = Omit<WorkflowRow, "steps"> & { steps: Step[] };

function toWorkflow(row: WorkflowRow): Workflow {
  return { ...row, steps: parseSteps(row.steps) };
}

export function listWorkflows(db: Db): (Workflow & { runs: number; failed: number })[] {
  return db
    .query<WorkflowRow & { runs: number; failed: number }, []>(
      `SELECT w.*, (SELECT count(*) FROM workflow_runs r WHERE r.workflow_id = w.id) AS runs,
         (SELECT count(*) FROM workflow_runs r WHERE r.workflow_id = w.id AND r.status = 'failed') AS failed
       FROM workflows w ORDER BY w.record_type, w.name COLLATE NOCASE, w.id`,
    )
    .all()
    .map((r) => ({ ...toWorkflow(r), runs: r.runs, failed: r.failed }));
}

export function findWorkflow(db: Db, id: number): Workflow | null {
  const row = db.query<WorkflowRow, [number]>("SELECT * FROM workflows WHERE id = ?").get(id);
  return row ? toWorkflow(row) : null;
}

/** The enabled workflows of a record type, in the order they were made: what the trigger looks at. */
export function enabledWorkflows(db: Db, recordType: string): WorkflowRow[] {
  return db
    .query<WorkflowRow, [string]>("SELECT * FROM workflows WHERE record_type = ? AND enabled = 1 ORDER BY id")
    .all(recordType);
}

/** Parsed steps by their stored JSON: the trigger runs for every inbound message, the steps rarely change. */
const parsedSteps = new Map<string, Step[]>();

/** A row's steps for a new run (callers only read them); throws when the row cannot be read. */
export function stepsForRun(row: WorkflowRow): Step[] {
  let steps = parsedSteps.get(row.steps);
  if (!steps) {
    steps = readSteps(row.steps);
    if (parsedSteps.size > 1000) parsedSteps.clear();
    parsedSteps.set(row.steps, steps);
  }
  return steps;
}

/** Kept on the workflow until it is saved again: the list and the editor show it. */
export function recordTriggerError(db: Db, workflowId: number, error: string, now: number): void {
  db.query("UPDATE workflows SET last_error = ?, last_error_at = ? WHERE id = ?").run(
    error.slice(0, 1000),
    now,
    workflowId,
  );
}

export type WorkflowInput = {
  recordType: string;
  name: string;
  enabled: boolean;
  pattern: string;
  steps: Step[];
};

export function insertWorkflow(db: Db, w: WorkflowInput, now: number): number {
  return Number(
    db
      .query(
        "INSERT INTO workflows (record_type, name, enabled, pattern, steps, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(w.recordType, w.name, w.enabled ? 1 : 0, w.pattern, JSON.stringify(w.steps), now, now)
      .lastInsertRowid,
  );
}

export function updateWorkflow(db: Db, id: number, w: WorkflowInput, now: number): void {
  db.query(
    `UPDATE workflows SET record_type = ?, name = ?, enabled = ?, pattern = ?, steps = ?, updated_at = ?,
       last_error = NULL, last_error_at = NULL WHERE id = ?`,
  ).run(w.recordType, w.name, w.enabled ? 1 : 0, w.pattern, JSON.stringify(w.steps), now, id);
}

export function setWorkflowEnabled(db: Db, id: number, enabled: boolean, now: number): void {
  db.query("UPDATE workflows SET enabled = ?, updated_at = ? WHERE id = ?").run(enabled ? 1 : 0, now, id);
}

export function deleteWorkflow(db: Db, id: number): void {
  db.query("DELETE FROM workflows WHERE id = ?").run(id);
}
