import { write } from "../db/write.ts";
import type { Db } from "../db/open.ts";

/** Every event a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  "message.inbound",
  "message.outbound",
  "message.status",
  "channel.status",
  "channel.qr",
  "record.linked",
  "conversation.status",
  "poll.vote",
  "message.reaction",
  "message.edited",
  "message.deleted",
  "call.received",
  "conversation.note",
  "conversation.labels",
  "conversation.assigned",
] as const;

export type EndpointRow = {
  id: number;
  name: string;
  url: string;
  secret: string;
  events: string;
  channel_ids: string;
  active: number;
  /** Who the endpoint acts for: it delivers only what they may see (the last person to save it). */
  created_by: number | null;
  created_at: number;
  updated_at: number;
};

export type Endpoint = Omit<EndpointRow, "events" | "channel_ids" | "active" | "created_by"> & {
  events: string[];
  channelIds: number[];
  active: boolean;
  createdBy: number | null;
};

export type EndpointInput = {
  name: string;
  url: string;
  events: string[];
  channelIds: number[];
  active: boolean;
};

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by the "Send test event" button, to one endpoint. */
export const TEST_EVENT = "webhook.test";

export type DeliveryStatus = "pending" | "succeeded" | "failed";

export type DeliveryRow = {
  id: number;
  public_id: string;
  endpoint_id: number;
  event_id: number;
  job_id: number | null;
  status: DeliveryStatus;
  attempts: number;
  response_status: number | null;
  response_ms: number | null;
  response_body: string | null;
  last_error: string | null;
  created_at: number;
  last_attempt_at: number | null;
  finished_at: number | null;
};

/** A delivery with what the log and the sender need of its event and endpoint. */
export type DeliveryView = DeliveryRow & {
  event_public_id: string;
  event_type: string;
  event_channel_id: number | null;
  body: string;
  url: string;
  secret: string;
  active: number;
  created_by: number | null;
};

function parseJsonArray<T>(json: string, keep: (v: unknown) => v is T): T[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter(keep) : [];
  } catch {
    return [];
  }
}

export function toEndpoint(row: EndpointRow): Endpoint {
  const { created_by, ...rest } = row;
  return {
    ...rest,
    events: parseJsonArray(row.events, (v): v is string => typeof v === "string"),
    channelIds: parseJsonArray(row.channel_ids, (v): v is number => typeof v === "number"),
    active: row.active === 1,
    createdBy: created_by,
  };
}

export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url")}`;
}

export function listEndpoints(db: Db): Endpoint[] {
  return db.query<EndpointRow, []>("SELECT * FROM webhook_endpoints ORDER BY id").all().map(toEndpoint);
}

export function activeEndpoints(db: Db): Endpoint[] {
  return db
    .query<EndpointRow, []>("SELECT * FROM webhook_endpoints WHERE active = 1 ORDER BY id")
    .all()
    .map(toEndpoint);
}

export function findEndpoint(db: Db, id: number): Endpoint | null {
  const row = db.query<EndpointRow, [number]>("SELECT * FROM webhook_endpoints WHERE id = ?").get(id);
  return row ? toEndpoint(row) : null;
}

/** What an endpoint form sets, as named parameters; `actor` is whom the endpoint acts for. */
function endpointParams(e: EndpointInput, actor: number, now: number) {
  return {
    name: e.name,
    url: e.url,
    events: JSON.stringify(e.events),
    channelIds: JSON.stringify(e.channelIds),
    active: e.active ? 1 : 0,
    actor,
    now,
  };
}

/** A new endpoint acting for `createdBy`. */
export function insertEndpoint(db: Db, e: EndpointInput, now: number, createdBy: number): Endpoint {
  const row = db
    .query<EndpointRow, Record<string, string | number>>(
      `INSERT INTO webhook_endpoints (name, url, secret, events, channel_ids, active, created_by, created_at, updated_at)
       VALUES ($name, $url, $secret, $events, $channelIds, $active, $actor, $now, $now) RETURNING *`,
    )
    .get({ ...endpointParams(e, createdBy, now), secret: randomToken("whsec_") })!;
  return toEndpoint(row);
}

/** Saving an endpoint makes it act for whoever saved it (whose channels the form was checked against). */
export function updateEndpoint(db: Db, id: number, e: EndpointInput, now: number, savedBy: number): void {
  db.query(
    `UPDATE webhook_endpoints SET name = $name, url = $url, events = $events, channel_ids = $channelIds,
       active = $active, created_by = $actor, updated_at = $now WHERE id = $id`,
  ).run({ ...endpointParams(e, savedBy, now), id });
}

export function rotateEndpointSecret(db: Db, id: number, now: number): void {
  db.query("UPDATE webhook_endpoints SET secret = ?, updated_at = ? WHERE id = ?").run(
    randomToken("whsec_"),
    now,
    id,
  );
}

/** Deleting an endpoint drops its log; its queued jobs find no delivery and end quietly. */
export function deleteEndpoint(db: Db, id: number): void {
  db.query("DELETE FROM webhook_endpoints WHERE id = ?").run(id);
}

/** Stores an event once per dedupe key; null when that fact was already an event. */
export function insertEvent(
  db: Db,
  e: {
    publicId: string;
    dedupeKey: string | null;
    type: string;
    channelId: number | null;
    conversationId: number | null;
    body: string;
  },
  now: number,
): number | null {
  const res = db
    .query(
      `INSERT INTO webhook_events (public_id, dedupe_key, type, channel_id, conversation_id, body, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .run(e.publicId, e.dedupeKey, e.type, e.channelId, e.conversationId, e.body, now);
  return res.changes === 1 ? Number(res.lastInsertRowid) : null;
}

/** The newest event of a type for a channel, to tell a real change from a repeated announcement. */
export function lastChannelEventBody(db: Db, channelId: number, type: string): string | null {
  return (
    db
      .query<{ body: string }, [number, string]>(
        "SELECT body FROM webhook_events WHERE channel_id = ? AND type = ? ORDER BY id DESC LIMIT 1",
      )
      .get(channelId, type)?.body ?? null
  );
}

export function insertDelivery(db: Db, endpointId: number, eventId: number, now: number): number {
  return Number(
    db
      .query(
        "INSERT INTO webhook_deliveries (public_id, endpoint_id, event_id, created_at) VALUES (?, ?, ?, ?)",
      )
      .run(randomToken("dlv_", 12), endpointId, eventId, now).lastInsertRowid,
  );
}

export function setDeliveryJob(db: Db, deliveryId: number, jobId: number): void {
  db.query("UPDATE webhook_deliveries SET job_id = ? WHERE id = ?").run(jobId, deliveryId);
}

const VIEW = `SELECT d.*, ev.public_id AS event_public_id, ev.type AS event_type, ev.channel_id AS event_channel_id,
  ev.body, ep.url, ep.secret, ep.active, ep.created_by
  FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id JOIN webhook_endpoints ep ON ep.id = d.endpoint_id`;

export function findDelivery(db: Db, id: number): DeliveryView | null {
  return db.query<DeliveryView, [number]>(`${VIEW} WHERE d.id = ?`).get(id);
}

/** The newest deliveries of an endpoint, optionally before a delivery id (keyset paging). */
export function listDeliveries(
  db: Db,
  endpointId: number,
  limit: number,
  beforeId?: number | null,
): DeliveryView[] {
  return db
    .query<DeliveryView, [number, number, number]>(
      `${VIEW} WHERE d.endpoint_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?`,
    )
    .all(endpointId, beforeId ?? Number.MAX_SAFE_INTEGER, limit);
}

export type AttemptRecord = {
  status: DeliveryStatus;
  responseStatus: number | null;
  responseMs: number | null;
  responseBody: string | null;
  error: string | null;
};

export function recordAttempt(db: Db, id: number, a: AttemptRecord, now: number): void {
  db.query(
    `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, response_status = ?, response_ms = ?, response_body = ?,
       last_error = ?, last_attempt_at = ?, finished_at = CASE WHEN ? = 'pending' THEN NULL ELSE ? END WHERE id = ?`,
  ).run(a.status, a.responseStatus, a.responseMs, a.responseBody, a.error, now, a.status, now, id);
}

export function markDeliveryPending(db: Db, id: number): void {
  db.query("UPDATE webhook_deliveries SET status = 'pending', finished_at = NULL WHERE id = ?").run(id);
}

export function deliveryCounts(db: Db): { status: DeliveryStatus; n: number }[] {
  return db
    .query<{ status: DeliveryStatus; n: number }, []>(
      "SELECT status, count(*) AS n FROM webhook_deliveries WHERE status <> 'succeeded' GROUP BY status",
    )
    .all();
}

/**
 * The log is for debugging recent deliveries, not an archive: finished deliveries older than the
 * cut-off go, and so do events no delivery points at any more. Pending ones are never touched.
 * At most `limit` of each per call, found by age through their indexes (0017), so the job runner
 * can prune a large log in short transactions. Returns the larger of the two counts: below `limit`
 * means nothing old is left.
 */
export function pruneWebhookLog(db: Db, before: number, limit = 1000): number {
  return write(db, () => {
    const deliveries = db
      .query(
        `DELETE FROM webhook_deliveries WHERE id IN (
             SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND finished_at < ?1 LIMIT ?2)`,
      )
      .run(before, limit).changes;
    const events = db
      .query(
        `DELETE FROM webhook_events WHERE id IN (
             SELECT id FROM webhook_events e WHERE e.created_at < ?1
               AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id) LIMIT ?2)`,
      )
      .run(before, limit).changes;
    return Math.max(deliveries, events);
  });
}
