import type { CoreDeps, Services } from "../messaging/services.ts";
import { write, type Tx } from "../db/write.ts";
import type { StoredMessage } from "../messaging/events.ts";
import type { TriggerKind } from "./store.ts";
import { createStepHandler } from "./runner.ts";
import { startRunsForMessage, WORKFLOW_JOB } from "./trigger.ts";

export type WorkflowDeps = CoreDeps & { webhookTimeoutMs?: number; mediaWaitMs?: number };

/**
 * Plugs workflows into the running services:
 * - the Incoming WhatsApp trigger runs inside the ingest transaction (`message.stored`), so a
 *   stored message always has its runs, and a message that was not stored has none;
 * - each run's steps are `workflow.step` jobs on the shared durable job runner.
 */
export function installWorkflows(services: Services, deps: WorkflowDeps): void {
  const { db, clock, logger, config } = deps;
  services.jobs.register(
    WORKFLOW_JOB,
    createStepHandler({ ...deps, services, fetchAllow: config.fetchAllow }),
  );
  const start = (stored: StoredMessage, tx: Tx, trigger: TriggerKind) => {
    let started = 0;
    try {
      // A savepoint inside the ingest transaction: should starting runs ever fail, the message is
      // still stored (and logged loudly) rather than lost with them.
      started = write(db, () =>
        startRunsForMessage(
          db,
          stored,
          { now: clock(), baseUrl: config.baseUrl, logger, once: tx.once },
          trigger,
        ),
      );
    } catch (err) {
      logger.error({ err, messageId: stored.message.id }, "could not start workflow runs for a message");
    }
    if (started > 0) tx.afterCommit(() => services.jobs.poke());
  };
  services.events.on("message.stored", "inTransaction", (stored, tx) => start(stored, tx, "message"));
  // The Incoming WhatsApp call trigger: once the call's row says what kind of call it was.
  services.events.on("call.received", "inTransaction", (e, tx) => start(e.stored, tx, "call"));
}
