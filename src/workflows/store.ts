import { write } from "../db/write.ts";
import type { Db } from "../db/open.ts";
import { saveChannelScope, type ChannelScope } from "./scope.ts";
import { parseSteps, readSteps, type Step } from "./steps/index.ts";

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
  /** 1: every channel; 0: the channels in workflow_channels (see scope.ts). */
  all_channels: number;
  /** Who last saved it; its channels count only while they may use them. Null before scopes existed. */
  edited_by: number | null;
  /** What starts it: an incoming WhatsApp message, or an incoming WhatsApp call. */
  trigger_kind: TriggerKind;
};
export type TriggerKind = "message" | "call";
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

/**
 * The enabled workflows of a record type whose channels include this one, in the order they were
 * made: what the trigger looks at for a message.
 */
export function enabledWorkflows(
  db: Db,
  recordType: string,
  channelId: number,
  trigger: TriggerKind = "message",
): WorkflowRow[] {
  return db
    .query<WorkflowRow, [string, number, string]>(
      `SELECT w.* FROM workflows w WHERE w.record_type = ?1 AND w.enabled = 1 AND w.trigger_kind = ?3
         AND (w.all_channels = 1 OR EXISTS
           (SELECT 1 FROM workflow_channels c WHERE c.workflow_id = w.id AND c.channel_id = ?2))
       ORDER BY w.id`,
    )
    .all(recordType, channelId, trigger);
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
  /** Default: an incoming message. */
  trigger?: TriggerKind;
  /** Default: all channels. */
  channels?: ChannelScope;
  /** The person saving it (default: nobody recorded, as before scopes existed). */
  editedBy?: number | null;
};

/** The saved columns in the order both INSERT and UPDATE name them. */
function savedColumns(w: WorkflowInput) {
  return [
    w.recordType,
    w.name,
    w.enabled ? 1 : 0,
    w.pattern,
    JSON.stringify(w.steps),
    w.editedBy ?? null,
    w.trigger ?? "message",
  ] as const;
}

export function insertWorkflow(db: Db, w: WorkflowInput, now: number): number {
  return write(db, () => {
    const id = Number(
      db
        .query(
          "INSERT INTO workflows (record_type, name, enabled, pattern, steps, edited_by, trigger_kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(...savedColumns(w), now, now).lastInsertRowid,
    );
    saveChannelScope(db, id, w.channels ?? "all");
    return id;
  });
}

/** Saving clears the trigger's last recorded failure: the workflow is evaluated afresh. */
export function updateWorkflow(db: Db, id: number, w: WorkflowInput, now: number): void {
  write(db, () => {
    db.query(
      `UPDATE workflows SET record_type = ?, name = ?, enabled = ?, pattern = ?, steps = ?, edited_by = ?,
         trigger_kind = ?, updated_at = ?, last_error = NULL, last_error_at = NULL WHERE id = ?`,
    ).run(...savedColumns(w), now, id);
    saveChannelScope(db, id, w.channels ?? "all");
  });
}

export function setWorkflowEnabled(db: Db, id: number, enabled: boolean, now: number): void {
  db.query("UPDATE workflows SET enabled = ?, updated_at = ? WHERE id = ?").run(enabled ? 1 : 0, now, id);
}

export function deleteWorkflow(db: Db, id: number): void {
  db.query("DELETE FROM workflows WHERE id = ?").run(id);
}
