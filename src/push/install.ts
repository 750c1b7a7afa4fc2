import type { CoreDeps, Services } from "../messaging/services.ts";
import { write } from "../db/write.ts";
import { createPushHandler } from "./deliver.ts";
import { queueMessagePushes } from "./messages.ts";
import { PUSH_JOB } from "./queue.ts";

/**
 * Plugs web push into the running services: `push.send` jobs on the shared durable runner, and a
 * customer's new message queues its pushes inside the ingest transaction (bell notifications queue
 * theirs where they are created, src/notifications/store.ts).
 */
export function installPush(services: Services, deps: CoreDeps & { timeoutMs?: number }): void {
  const { db, clock, logger } = deps;
  services.jobs.register(PUSH_JOB, createPushHandler(deps));
  services.events.on("message.stored", "inTransaction", (stored, tx) => {
    let queued = 0;
    try {
      // A savepoint: should queuing fail, the message is still stored.
      queued = write(db, () => queueMessagePushes(db, stored, clock()));
    } catch (err) {
      logger.error({ err, messageId: stored.message.id }, "could not queue push notifications");
    }
    if (queued > 0) tx.afterCommit(() => services.jobs.poke());
  });
}
