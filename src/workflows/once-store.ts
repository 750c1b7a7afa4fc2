import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";

export type OnceClaim = {
  workflowId: number;
  stepIndex: number;
  conversationId: number;
  day: string;
  runId: number;
};

/**
 * Claims a workflow step's pass for one conversation and day: true for the first run to ask (and
 * again for that same run, when its step is retried), false for every other run. One primary-key
 * lookup, whatever the history.
 */
export function claimOncePerDay(db: Db, c: OnceClaim): boolean {
  return write(db, () => {
    db.query(
      `INSERT INTO workflow_once_marks (workflow_id, step_index, conversation_id, day, run_id)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(c.workflowId, c.stepIndex, c.conversationId, c.day, c.runId);
    const row = db
      .query<{ run_id: number }, [number, number, number, string]>(
        "SELECT run_id FROM workflow_once_marks WHERE workflow_id = ? AND step_index = ? AND conversation_id = ? AND day = ?",
      )
      .get(c.workflowId, c.stepIndex, c.conversationId, c.day);
    return row?.run_id === c.runId;
  });
}
