import type { CoreDeps, Services } from "../services.ts";
import { findConversation } from "../inbox/conversations-store.ts";
import { metricsFor } from "../ops/metrics.ts";
import { createDeliveryHandler } from "./deliver.ts";
import { pruneWebhookLog } from "./store.ts";
import {
  emitChannelEvents,
  emitMessageEvent,
  emitStatusEvent,
  WEBHOOK_JOB,
  type EmitContext,
} from "./events.ts";

export type WebhookDeps = CoreDeps & {
  /** The server secret: signs the expiring media links inside payloads. */
  secret: string;
  /** Session events (QR rotations, status changes) when the session manager announces them apart from the hub. */
  sessions?: { on(listener: (event: { channelId: number }) => void): () => void } | null;
  timeoutMs?: number;
};

/**
 * Plugs webhook forwarding into the running services:
 * - inbound messages and messages sent from the phone are queued for delivery inside the ingest
 *   transaction (services.onStored), so a stored message always has its deliveries;
 * - messages sent through Pairbox and their receipts likewise, inside the transaction of each change
 *   (services.onOutbound);
 * - channel changes are queued from the live hub (and the session manager), which announces them
 *   right after their commit; each fact has a dedupe key, so hearing it from two sources still makes one event;
 * - `webhook.deliver` jobs are handled by the shared job runner, which survives restarts and prunes
 *   the delivery log with its own finished jobs.
 */
export function installWebhooks(services: Services, deps: WebhookDeps): () => void {
  const { db, config, clock, logger } = deps;
  const ctx = (): EmitContext => ({ db, baseUrl: config.baseUrl, secret: deps.secret, now: clock() });

  services.jobs.register(
    WEBHOOK_JOB,
    createDeliveryHandler({
      db,
      clock,
      logger,
      timeoutMs: deps.timeoutMs,
      allow: config.fetchAllow,
      onAttempt: (ok) => metricsFor(db).webhookAttempt(ok),
    }),
  );

  // poke() only schedules a look on a timer, which runs after the current transaction has committed.
  const afterCommit = (count: number) => {
    if (count > 0) services.jobs.poke();
  };

  services.onStored.push((stored) => {
    if (!stored.history) afterCommit(emitMessageEvent(ctx(), stored.message, stored.conversation));
  });

  // Messages sent through Pairbox: their events are written inside the transaction of each change.
  services.onOutbound.push((message) => {
    const conversation = findConversation(db, message.conversation_id);
    if (!conversation) return;
    afterCommit(
      message.status === "queued"
        ? emitMessageEvent(ctx(), message, conversation)
        : emitStatusEvent(ctx(), message, conversation),
    );
  });

  const offHub = services.hub.subscribe((event) => {
    if (event.type !== "channel.status") return;
    try {
      afterCommit(emitChannelEvents(ctx(), event.channelId));
    } catch (err) {
      logger.error({ err, event }, "could not queue a webhook event");
    }
  });

  const offSessions = deps.sessions?.on((event) => {
    try {
      afterCommit(emitChannelEvents(ctx(), event.channelId));
    } catch (err) {
      logger.error({ err, channelId: event.channelId }, "could not queue a webhook event");
    }
  });

  // The delivery log is kept as long as finished jobs are (PAIRBOX_JOB_RETENTION_DAYS), pruned by the runner.
  services.jobs.addPruner("webhook log", (before, limit) => pruneWebhookLog(db, before, limit));

  return () => {
    offHub();
    offSessions?.();
  };
}
