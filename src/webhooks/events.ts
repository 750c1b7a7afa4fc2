import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { enqueueJob } from "../jobs/queue.ts";
import type { ConversationRow, MessageRow } from "../messaging/types.ts";
import { conversationJson, iso, messageJson } from "../messaging/public-json.ts";
import { pollTally } from "../messaging/polls.ts";
import type { ChannelInfo } from "../channels/public-json.ts";
import { channelInfo } from "../channels/store.ts";
import type { EventDataMap } from "./schemas.ts";
import { ownerRefusal } from "./owner.ts";
import type { CurrentUser } from "../auth/principal.ts";
import {
  activeEndpoints,
  insertDelivery,
  insertEvent,
  lastChannelEventBody,
  randomToken,
  setDeliveryJob,
  TEST_EVENT,
  type Endpoint,
} from "./store.ts";

export const WEBHOOK_JOB = "webhook.deliver";
/** 10 tries with the job queue's back-off (1 min doubling, capped at 6 h) span about half a day. */
export const MAX_DELIVERY_ATTEMPTS = 10;

/** What building an event needs: where media links point, the key that signs them, the time. */
export type EmitContext = { db: Db; baseUrl: string; secret: string; now: number };

type EventDraft<K extends keyof EventDataMap> = {
  type: K;
  /** The same fact announced twice (an in-transaction hook and the live hub, say) makes one event. */
  dedupeKey: string | null;
  channelId: number | null;
  conversationId: number | null;
  /** Typed by the schemas the OpenAPI document publishes, so the docs cannot drift from the payloads. */
  data: EventDataMap[K];
  /**
   * Deliveries to one endpoint that share this scope go out one at a time, oldest first: per
   * conversation for messages, per channel for channel events. Scoped per endpoint, so a receiver
   * that is down holds back only its own queue.
   */
  orderScope: string;
};

function matches(ep: Endpoint, type: string, channelId: number | null): boolean {
  if (!ep.events.includes(type)) return false;
  return ep.channelIds.length === 0 || (channelId !== null && ep.channelIds.includes(channelId));
}

/**
 * Stores an event and queues one delivery job per subscribed endpoint, all in one transaction
 * (a savepoint inside the caller's, when there is one): the event exists exactly when its cause does.
 * Returns how many deliveries were queued.
 */
export function emit<K extends keyof EventDataMap>(
  ctx: EmitContext,
  draft: EventDraft<K>,
  only?: Endpoint,
): number {
  const { db, now } = ctx;
  // Looked up first: most announcements concern nobody, and they should not take the write lock.
  const owners = new Map<number, CurrentUser | null>();
  const endpoints = only
    ? [only]
    : activeEndpoints(db).filter(
        (ep) =>
          matches(ep, draft.type, draft.channelId) &&
          ownerRefusal(db, ep.createdBy, { type: draft.type, channelId: draft.channelId }, owners) === null,
      );
  if (endpoints.length === 0) return 0;
  return write(db, () => {
    const channel = draft.channelId === null ? null : channelInfo(db, draft.channelId);
    const publicId = randomToken("evt_", 16);
    const body = JSON.stringify({
      id: publicId,
      type: draft.type,
      created_at: iso(now),
      channel: channel ? { id: channel.id, name: channel.name, phone: channel.phone_e164 } : null,
      data: draft.data,
    });
    const eventId = insertEvent(
      db,
      {
        publicId,
        dedupeKey: draft.dedupeKey,
        type: draft.type,
        channelId: draft.channelId,
        conversationId: draft.conversationId,
        body,
      },
      now,
    );
    if (eventId === null) return 0;
    for (const ep of endpoints) {
      const deliveryId = insertDelivery(db, ep.id, eventId, now);
      const jobId = enqueueJob(
        db,
        {
          kind: WEBHOOK_JOB,
          payload: { deliveryId },
          runAt: now,
          orderKey: `webhook:${ep.id}:${draft.orderScope}`,
          maxAttempts: MAX_DELIVERY_ATTEMPTS,
        },
        now,
      );
      if (jobId !== null) setDeliveryJob(db, deliveryId, jobId);
    }
    return endpoints.length;
  });
}

export const links = (ctx: EmitContext) => ({
  baseUrl: ctx.baseUrl,
  signWith: { secret: ctx.secret, now: ctx.now },
});

/** message.inbound / message.outbound for a message just stored or queued. */
export function emitMessageEvent(
  ctx: EmitContext,
  message: MessageRow,
  conversation: ConversationRow,
): number {
  return emit(ctx, {
    type: `message.${message.direction}` as const,
    dedupeKey: `message.${message.direction}:${message.id}`,
    channelId: message.channel_id,
    conversationId: conversation.id,
    data: {
      message: messageJson(message, conversation, links(ctx), [], pollTally(ctx.db, message)),
      conversation: conversationJson(conversation),
    },
    orderScope: `conv:${conversation.id}`,
  });
}

const REPORTED_STATUSES = new Set(["sent", "delivered", "read", "failed"]);

/**
 * message.status for an outbound message that reached sent, delivered, read or failed. Each state is
 * announced once; a failure is announced each time it happens (a retried send may fail again).
 */
export function emitStatusEvent(
  ctx: EmitContext,
  message: MessageRow,
  conversation: ConversationRow,
): number {
  if (message.direction !== "outbound" || !REPORTED_STATUSES.has(message.status)) return 0;
  const key = `message.status:${message.id}:${message.status}${message.status === "failed" ? `:${ctx.now}` : ""}`;
  return emit(ctx, {
    type: "message.status",
    dedupeKey: key,
    channelId: message.channel_id,
    conversationId: conversation.id,
    data: {
      status: message.status as EventDataMap["message.status"]["status"],
      error: message.error,
      message: messageJson(message, conversation, links(ctx), [], pollTally(ctx.db, message)),
    },
    orderScope: `conv:${conversation.id}`,
  });
}

type ChannelStatusData = EventDataMap["channel.status"];

function previousData<T>(db: Db, channelId: number, type: string): T | null {
  const body = lastChannelEventBody(db, channelId, type);
  return body ? (JSON.parse(body) as { data: T }).data : null;
}

/** channel.status when the status or its reason really changed since the last one announced. */
export function emitChannelStatusEvent(ctx: EmitContext, ch: ChannelInfo): number {
  const data: ChannelStatusData = {
    status: ch.status,
    reason: ch.status_reason || ch.last_error,
    last_error: ch.last_error,
    last_error_at: iso(ch.last_error_at),
  };
  const before = previousData<ChannelStatusData>(ctx.db, ch.id, "channel.status");
  if (before && before.status === data.status && before.reason === data.reason) return 0;
  return emit(ctx, {
    type: "channel.status",
    dedupeKey: null,
    channelId: ch.id,
    conversationId: null,
    data,
    orderScope: `channel:${ch.id}`,
  });
}

/** channel.qr for each new pairing code, so a headless client can show it. */
export function emitChannelQrEvent(ctx: EmitContext, ch: ChannelInfo): number {
  if (!ch.qr || ch.status !== "pending") return 0;
  return emit(ctx, {
    type: "channel.qr",
    dedupeKey: `channel.qr:${ch.id}:${ch.qr_at ?? 0}:${Bun.hash(ch.qr).toString(36)}`,
    channelId: ch.id,
    conversationId: null,
    data: {
      qr: ch.qr,
      qr_at: iso(ch.qr_at),
      qr_svg_url: `${ctx.baseUrl}/api/v1/channels/${ch.id}/qr?format=svg`,
    },
    orderScope: `channel:${ch.id}`,
  });
}

/** Called by whoever reads a channel row after a session event: announces what changed. */
export function emitChannelEvents(ctx: EmitContext, channelId: number): number {
  const ch = channelInfo(ctx.db, channelId);
  if (!ch) return 0;
  return emitChannelStatusEvent(ctx, ch) + emitChannelQrEvent(ctx, ch);
}

/** record.linked: a conversation was linked to a customer record (by the rule or by hand). */
export function emitRecordLinkedEvent(
  ctx: EmitContext,
  conversation: ConversationRow,
  record: { type: string; id: number; name?: string },
): number {
  return emit(ctx, {
    type: "record.linked",
    dedupeKey: null,
    channelId: conversation.channel_id,
    conversationId: conversation.id,
    data: {
      conversation: conversationJson(conversation),
      record: { type: record.type, id: record.id, name: record.name ?? null },
    },
    orderScope: `conv:${conversation.id}`,
  });
}

/** The "Send test event" button: one event to one endpoint, whatever it subscribes to. */
export function emitTestEvent(ctx: EmitContext, endpoint: Endpoint): number {
  return emit(
    ctx,
    {
      type: TEST_EVENT,
      dedupeKey: null,
      channelId: null,
      conversationId: null,
      data: {
        message: "A test event from Pairbox. If the signature checks out, your endpoint is ready.",
        endpoint_id: endpoint.id,
      },
      orderScope: "test",
    },
    endpoint,
  );
}
