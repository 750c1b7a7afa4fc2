import type { CoreDeps, Services } from "../messaging/services.ts";
import {
  emitConversationAssignedEvent,
  emitConversationLabelsEvent,
  emitConversationNoteEvent,
  emitConversationStatusEvent,
} from "./conversation-events.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import type { Tx } from "../db/write.ts";
import type { DomainEvents } from "../messaging/events.ts";
import type { MessageRow } from "../messaging/types.ts";
import { metricsFor } from "../ops/metrics.ts";
import { createDeliveryHandler } from "./deliver.ts";
import { emitCallEvent } from "./call-event.ts";
import { pruneWebhookLog } from "./store.ts";
import { emitPollVoteEvent } from "./poll-vote.ts";
import { listenForMessageChanges } from "./message-changes.ts";
import {
  emitChannelEvents,
  emitMessageEvent,
  emitRecordLinkedEvent,
  emitStatusEvent,
  WEBHOOK_JOB,
  type EmitContext,
} from "./events.ts";

export type WebhookDeps = CoreDeps & {
  /** The server secret: signs the expiring media links inside payloads. */
  secret: string;
  timeoutMs?: number;
};

/**
 * Plugs webhook forwarding into the domain events (src/messaging/events.ts), inside the transaction
 * of each change: a stored message, a send and each of its states, a record link and a channel's
 * status or QR always have their deliveries, and a change that rolled back has none.
 * `webhook.deliver` jobs are handled by the shared job runner, which survives restarts and prunes
 * the delivery log with its own finished jobs.
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

  const offs = listenForWebhookEvents(services.events, ctx, () => services.jobs.poke());

  // The delivery log is kept as long as finished jobs are (PAIRBOX_JOB_RETENTION_DAYS), pruned by the runner.
  services.jobs.addPruner("webhook log", (before, limit) => pruneWebhookLog(db, before, limit));

  return () => {
    for (const off of offs) off();
  };
}

/**
 * Writes each webhook event inside the transaction of the change it reports, so it exists exactly
 * when its cause does; `poke` wakes the delivery runner once that change has committed.
 */
export function listenForWebhookEvents(
  events: DomainEvents,
  ctx: () => EmitContext,
  poke: () => void,
): (() => void)[] {
  const queued = (tx: Tx, count: number) => {
    if (count > 0) tx.afterCommit(poke);
  };
  const withConversation = (tx: Tx, message: MessageRow, build: typeof emitStatusEvent) => {
    const conversation = findConversation(tx.db, message.conversation_id);
    if (conversation) queued(tx, build(ctx(), message, conversation));
  };
  return [
    // A call's row is announced as call.received, never as a customer's message.
    events.on("message.stored", "inTransaction", (e, tx) =>
      e.message.type === "call" ? undefined : queued(tx, emitMessageEvent(ctx(), e.message, e.conversation)),
    ),
    events.on("call.received", "inTransaction", (e, tx) =>
      queued(tx, emitCallEvent(ctx(), e.stored.message, e.stored.conversation, e.call)),
    ),
    events.on("outbound.queued", "inTransaction", (e, tx) =>
      withConversation(tx, e.message, emitMessageEvent),
    ),
    events.on("outbound.changed", "inTransaction", (e, tx) =>
      withConversation(tx, e.message, emitStatusEvent),
    ),
    events.on("record.linked", "inTransaction", (e, tx) =>
      queued(tx, emitRecordLinkedEvent(ctx(), e.conversation, e.record)),
    ),
    events.on("conversation.status", "inTransaction", (e, tx) =>
      queued(tx, emitConversationStatusEvent(ctx(), e.conversation, e.change)),
    ),
    events.on("poll.voted", "inTransaction", (e, tx) => queued(tx, emitPollVoteEvent(ctx(), e))),
    events.on("conversation.note", "inTransaction", (e, tx) =>
      queued(tx, emitConversationNoteEvent(ctx(), e)),
    ),
    events.on("conversation.labels", "inTransaction", (e, tx) =>
      queued(tx, emitConversationLabelsEvent(ctx(), e)),
    ),
    events.on("conversation.assigned", "inTransaction", (e, tx) =>
      queued(tx, emitConversationAssignedEvent(ctx(), e.conversation, e.change)),
    ),
    events.on("channel.changed", "inTransaction", (e, tx) =>
      queued(tx, emitChannelEvents(ctx(), e.channelId)),
    ),
    ...listenForMessageChanges(events, ctx, queued),
  ];
}
