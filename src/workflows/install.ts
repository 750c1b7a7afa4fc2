import type { CoreDeps, Services } from "../services.ts";
import { createStepHandler } from "./runner.ts";
import { startRunsForMessage, WORKFLOW_JOB } from "./trigger.ts";

export type WorkflowDeps = CoreDeps & { webhookTimeoutMs?: number; mediaWaitMs?: number };

/**
 * Plugs workflows into the running services:
 * - the Incoming WhatsApp trigger runs inside the ingest transaction (services.onStored), so a
 *   stored message always has its runs, and a message that was not stored has none;
 * - each run's steps are `workflow.step` jobs on the shared durable job runner.
 */
export function installWorkflows(services: Services, deps: WorkflowDeps): void {
  const { db, clock } = deps;
  services.jobs.register(WORKFLOW_JOB, createStepHandler({ ...deps, services }));
  services.onStored.push((stored) => {
    // poke() only schedules a look on a timer, which runs after this transaction has committed.
    if (startRunsForMessage(db, stored, clock()) > 0) services.jobs.poke();
  });
}
