import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { JobHandler, JobOutcome } from "../jobs/runner.ts";
import { hookPolicy, readSnippet, safeFetch, type FetchFailureReason } from "../net/safe-fetch.ts";
import { deliveryHeaders } from "./signing.ts";
import { ownerRefusal } from "./owner.ts";
import { findDelivery, recordAttempt, type AttemptRecord } from "./store.ts";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** Enough of a receiver's answer to debug it from the log, never a whole error page. */
export const RESPONSE_SNIPPET_BYTES = 512;
const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

export type DeliverDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  /** PAIRBOX_FETCH_ALLOW: what may be called although link-local. */
  allow: readonly string[];
  /** Told about every attempt (for metrics). */
  onAttempt?: (ok: boolean) => void;
};

/** Which answers are worth another try: timeouts, rate limits and server errors; any other 4xx will not change. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After in seconds or as an HTTP date, capped; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

/** A refused address or a URL that cannot be one will not change by retrying. */
function fetchFailure(f: { reason: FetchFailureReason; detail: string }, timeoutMs: number) {
  switch (f.reason) {
    case "address_not_allowed":
      return {
        retry: false,
        error: `Not called: ${f.detail}. Pairbox never calls link-local or cloud metadata addresses unless PAIRBOX_FETCH_ALLOW names them.`,
      };
    case "invalid_url":
    case "too_many_redirects":
      return { retry: false, error: `Not called: ${f.detail}` };
    case "timeout":
      return { retry: true, error: `Timed out after ${timeoutMs / 1000} s` };
    case "unreachable":
      return { retry: true, error: `Connection failed: ${f.detail.replace(/^connection failed: /, "")}` };
  }
}

/**
 * The `webhook.deliver` job: POSTs the stored body, signed at send time, and records the attempt.
 * At-least-once: a receiver may see a delivery again after a crash mid-request, so it should
 * de-duplicate on X-Pairbox-Delivery (or the event id).
 */
export function createDeliveryHandler(deps: DeliverDeps): JobHandler {
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS;

  return async (job, payload): Promise<JobOutcome> => {
    const deliveryId = (payload as { deliveryId?: unknown }).deliveryId;
    const d = typeof deliveryId === "number" ? findDelivery(deps.db, deliveryId) : null;
    // The endpoint (and with it its log) was deleted: nothing left to deliver.
    if (!d) return { ok: true };
    const lastTry = job.attempts >= job.max_attempts;
    // The attempt goes into the log in the transaction that records the job's outcome (one commit
    // per group of jobs, not per delivery): after a crash before it, the job, still 'running', is
    // sent again, which the at-least-once contract above already allows.
    const finish = (a: Omit<AttemptRecord, "status">, outcome: JobOutcome): JobOutcome => {
      const status = outcome.ok ? "succeeded" : outcome.retry && !lastTry ? "pending" : "failed";
      const at = deps.clock();
      deps.onAttempt?.(outcome.ok);
      return { ...outcome, commit: () => recordAttempt(deps.db, d.id, { ...a, status }, at) };
    };
    if (d.active !== 1) {
      return finish(
        { responseStatus: null, responseMs: null, responseBody: null, error: "The endpoint is paused." },
        { ok: false, retry: false, error: "endpoint paused" },
      );
    }
    const refused = ownerRefusal(deps.db, d.created_by, {
      type: d.event_type,
      channelId: d.event_channel_id,
    });
    if (refused)
      return finish(
        { responseStatus: null, responseMs: null, responseBody: null, error: `Not delivered: ${refused}` },
        { ok: false, retry: false, error: refused },
      );

    const headers = deliveryHeaders({
      secret: d.secret,
      deliveryId: d.public_id,
      eventType: d.event_type,
      body: d.body,
      timestampSec: Math.floor(deps.clock() / 1000),
    });
    const started = performance.now();
    // Redirects are not followed: a signed body should reach the URL that was registered, or fail visibly.
    const sent = await safeFetch(
      d.url,
      { method: "POST", headers, body: d.body, signal: AbortSignal.timeout(timeoutMs) },
      hookPolicy(deps.allow),
    );
    if (!sent.ok) {
      const { retry, error } = fetchFailure(sent, timeoutMs);
      deps.logger.warn({ deliveryId: d.id, endpointId: d.endpoint_id, error }, "webhook delivery failed");
      return finish(
        {
          responseStatus: null,
          responseMs: Math.round(performance.now() - started),
          responseBody: null,
          error,
        },
        { ok: false, retry, error },
      );
    }
    const res = sent.response;
    const responseBody = await readSnippet(res, RESPONSE_SNIPPET_BYTES).catch(() => "");
    const responseMs = Math.round(performance.now() - started);
    const attempt = { responseStatus: res.status, responseMs, responseBody };
    if (res.status >= 200 && res.status < 300) return finish({ ...attempt, error: null }, { ok: true });

    const retry = isRetryableStatus(res.status);
    const error = `HTTP ${res.status}${retry ? "" : ": not retried (fix the endpoint, then Resend)"}`;
    deps.logger.warn(
      { deliveryId: d.id, endpointId: d.endpoint_id, status: res.status },
      "webhook delivery refused",
    );
    return finish(
      { ...attempt, error },
      {
        ok: false,
        retry,
        error,
        retryInMs: retry ? retryAfterMs(res.headers.get("retry-after"), deps.clock()) : undefined,
      },
    );
  };
}
