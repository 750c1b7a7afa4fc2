import type { CoreDeps, Services } from "../messaging/services.ts";
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
  const { db, clock, logger, config } = deps;
  services.jobs.register(
    WORKFLOW_JOB,
    createStepHandler({ ...deps, services, fetchAllow: config.fetchAllow }),
  );
  // A savepoint inside the ingest transaction: should starting runs ever fail, the message is still
  // stored (and logged loudly) rather than lost with them.
  const startRuns = db.transaction((stored: Parameters<typeof startRunsForMessage>[1]) =>
    startRunsForMessage(db, stored, { now: clock(), baseUrl: config.baseUrl, logger }),
  );
  services.onStored.push((stored) => {
    let started = 0;
    try {
      started = startRuns(stored);
    } catch (err) {
      logger.error({ err, messageId: stored.message.id }, "could not start workflow runs for a message");
    }
    // poke() only schedules a look on a timer, which runs after this transaction has committed.
    if (started > 0) services.jobs.poke();
  });
}
