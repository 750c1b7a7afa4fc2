import type { Db } from "../db/open.ts";
import type { StoredMessage } from "../messaging/ingest.ts";
import { enqueueJob } from "../jobs/queue.ts";
import { RECORD_TYPES, type RecordRef, type RecordType } from "../records/public.ts";
import type { Logger } from "../log.ts";
import { triggerData } from "./data.ts";
import type { DataBundle } from "./expressions.ts";
import { compilePattern, foldForMatch, matchesFolded } from "./pattern.ts";
import type { Step } from "./steps/index.ts";
import { insertRun } from "./runs-store.ts";
import { editorRefusal } from "./scope.ts";
import { enabledWorkflows, recordTriggerError, stepsForRun, type TriggerKind } from "./store.ts";

export const WORKFLOW_JOB = "workflow.step";
export type StepJobPayload = { runId: number; step: number; gen: number };

/** The job that runs one step of a run; each (run, step, generation) is queued at most once. */
export function enqueueStep(
  db: Db,
  runId: number,
  step: number,
  gen: number,
  runAt: number,
  now: number,
): void {
  enqueueJob(
    db,
    {
      kind: WORKFLOW_JOB,
      payload: { runId, step, gen } satisfies StepJobPayload,
      runAt,
      dedupeKey: `wf:${runId}:${step}:${gen}`,
      orderKey: `wf:${runId}`,
      maxAttempts: 8,
    },
    now,
  );
}

/**
 * The Incoming WhatsApp trigger. Runs inside the ingest transaction (`message.stored`), so a stored
 * message always has its runs: one run per enabled workflow of each matched record's type whose
 * pattern matches, once per record. History imports and our own messages never trigger.
 * Only workflows covering the message's channel are looked at: it is in their channels and the
 * person who last saved them may still use it (see scope.ts). Each workflow is evaluated on its own: one that cannot be (its steps unreadable, say) gets the
 * reason recorded on it and is passed over, and the others still run. Returns how many runs were queued.
 */
export type TriggerContext = {
  now: number;
  baseUrl: string;
  logger?: Logger;
  /** Reads shared by every message of one ingest transaction (Tx.once): workflows, editors' access. */
  once?: <T>(key: string, compute: () => T) => T;
};

export function startRunsForMessage(
  db: Db,
  stored: StoredMessage,
  ctx: TriggerContext,
  trigger: TriggerKind = "message",
): number {
  const { now, baseUrl, logger } = ctx;
  const { message, conversation } = stored;
  if (stored.history || message.direction !== "inbound" || message.from_history) return 0;
  // A call's row starts only call workflows (startRunsForCall), never the message trigger.
  if ((message.type === "call") !== (trigger === "call")) return 0;
  const text = foldForMatch(message.text);
  // Most workflows share an editor or have none: look each one up once per message.
  const editors = new Map<number | null, string | null>();
  const once = ctx.once ?? (<T>(_key: string, compute: () => T) => compute());
  const editorCovers = (editedBy: number | null) => {
    if (!editors.has(editedBy))
      editors.set(
        editedBy,
        once(`wf-editor:${editedBy}:${message.channel_id}`, () =>
          editorRefusal(db, editedBy, message.channel_id),
        ),
      );
    return editors.get(editedBy) ?? null;
  };
  const seen = new Set<string>();
  let started = 0;
  for (const link of stored.links) {
    if (!(RECORD_TYPES as readonly string[]).includes(link.type)) continue;
    const key = `${link.type}:${link.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ref: RecordRef = { type: link.type as RecordType, id: link.id };
    let data: DataBundle | null = null;
    const rows = once(`wf-enabled:${trigger}:${ref.type}:${message.channel_id}`, () =>
      enabledWorkflows(db, ref.type, message.channel_id, trigger),
    );
    for (const row of rows) {
      let steps: Step[];
      try {
        if (trigger === "message" && !matchesFolded(compilePattern(row.pattern), text)) continue;
        const refused = editorCovers(row.edited_by);
        if (refused) {
          recordTriggerError(
            db,
            row.id,
            `not run for a message: ${refused}; save it to run it with your access`,
            now,
          );
          continue;
        }
        steps = stepsForRun(row);
      } catch (err) {
        logger?.warn({ err, workflowId: row.id, messageId: message.id }, "workflow trigger failed");
        recordTriggerError(db, row.id, (err as Error).message || String(err), now);
        continue;
      }
      data ??= triggerData(db, message, conversation, ref, baseUrl);
      const runId = insertRun(
        db,
        {
          workflowId: row.id,
          recordType: ref.type,
          recordId: ref.id,
          messageId: message.id,
          conversationId: conversation.id,
          channelId: message.channel_id,
          data,
          steps,
        },
        now,
      );
      if (runId === null) continue;
      enqueueStep(db, runId, 0, 0, now, now);
      started += 1;
    }
  }
  return started;
}
