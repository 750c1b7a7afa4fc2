import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import type { Logger } from "../../log.ts";
import type { Services } from "../../messaging/services.ts";
import type { RecordRef } from "../../records/public.ts";
import type { DataBundle } from "../expressions.ts";
import type { RunRow } from "../runs-store.ts";

export type ActionContext = {
  db: Db;
  clock: Clock;
  logger: Logger;
  services: Services;
  run: RunRow;
  workflowName: string;
  /** Why the workflow may not send through this channel now (its scope, its editor's access), or null. */
  sendingRefusal: (channelId: number) => string | null;
  ref: RecordRef;
  data: DataBundle;
  stepIndex: number;
  /** `wf:<runId>:<step>` (plus the re-run number): the outbound message's idempotency key. */
  idempotencyKey: string;
  webhookTimeoutMs: number;
  /** PAIRBOX_FETCH_ALLOW, for webhook steps. */
  fetchAllow: readonly string[];
  /** How long a step waits in-process for the triggering message's media to finish downloading. */
  mediaWaitMs: number;
};

/**
 * What a step answers. `commit` is synchronous database work that must land together with the
 * step's "done" state (an attachment row, a notification), so a restart never does it twice.
 */
export type StepOutcome =
  | { kind: "done"; result: string; commit?: () => void }
  | { kind: "wait"; dueAt: number; result: string }
  | { kind: "stop"; result: string }
  | { kind: "retry"; error: string; retryInMs?: number }
  | { kind: "fail"; error: string };

export const done = (result: string, commit?: () => void): StepOutcome => ({ kind: "done", result, commit });
export const fail = (error: string): StepOutcome => ({ kind: "fail", error });
export const retry = (error: string, retryInMs?: number): StepOutcome => ({
  kind: "retry",
  error,
  retryInMs,
});
