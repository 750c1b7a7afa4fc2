import type { RequestDetails } from "web-push";
import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Config } from "../config.ts";
import type { CurrentUser } from "../auth/principal.ts";
import type { JobHandler, JobOutcome } from "../jobs/runner.ts";
import { loadCurrentUser } from "../auth/users-store.ts";
import { findAccessibleChannel } from "../channels/access.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { publicPolicy, readSnippet, safeFetch } from "../net/safe-fetch.ts";
import { inQuietHours } from "./quiet-hours.ts";
import type { PushJob } from "./queue.ts";
import { deleteSubscription, findSubscription, markSent, preferencesOf } from "./store.ts";
import { vapidKeys, vapidSubject } from "./vapid.ts";

export type PushDeps = { db: Db; clock: Clock; logger: Logger; config: Config; timeoutMs?: number };

/** How long a push service keeps a push for a phone that is off: after that it is stale. */
const TTL_SECONDS = 12 * 60 * 60;

/**
 * Whether this person should still get this push now: still active, still wanting the kind, not
 * in quiet hours, still reaching the conversation's channel (and, for a new message, the
 * conversation still theirs or unassigned).
 */
function stillWanted(db: Db, user: CurrentUser, job: PushJob, now: number): boolean {
  if (job.kind !== "test") {
    const prefs = preferencesOf(db, user.id);
    if (!prefs[job.kind] || inQuietHours(prefs, now)) return false;
  }
  if (job.conversationId === undefined) return true;
  const conversation = findConversation(db, job.conversationId);
  if (!conversation || !findAccessibleChannel(db, user, conversation.channel_id)) return false;
  const assignee = conversation.assigned_user_id;
  return job.kind !== "new_messages" || assignee === null || assignee === user.id;
}

/**
 * The `push.send` job: encrypts the payload to the browser's keys (RFC 8291, aes128gcm) and signs
 * the request with the server's VAPID key, both by the `web-push` library, then posts it to the
 * push service through the one outbound-request module (public addresses only, PAIRBOX_FETCH_ALLOW
 * for exceptions). A subscription the service calls gone (404, 410) is deleted.
 */
export function createPushHandler(deps: PushDeps): JobHandler {
  const { db, clock, logger, config } = deps;
  return async (_job, payload): Promise<JobOutcome> => {
    const p = payload as PushJob;
    const sub = findSubscription(db, p.subscriptionId);
    // Turned off, or the browser now belongs to someone else who signed in on it.
    if (!sub || sub.user_id !== p.userId) return { ok: true };
    const user = loadCurrentUser(db, p.userId);
    if (!user || !stillWanted(db, user, p, clock())) return { ok: true };
    const keys = vapidKeys(config.dataDir);
    const content = JSON.stringify({ title: p.title, body: p.body, url: p.url, tag: p.tag });
    // Loaded on the first push, not at start-up (see vapid.ts).
    const webpush = (await import("web-push")).default;
    let request: RequestDetails;
    try {
      request = webpush.generateRequestDetails(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        content,
        {
          vapidDetails: { subject: vapidSubject(config.baseUrl), ...keys },
          TTL: TTL_SECONDS,
          urgency: "high",
          contentEncoding: "aes128gcm",
        },
      );
    } catch (err) {
      // Keys the browser sent that cannot be encrypted to: the subscription is useless.
      deleteSubscription(db, sub.id);
      return { ok: false, retry: false, error: `subscription keys refused: ${(err as Error).message}` };
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers))
      if (k.toLowerCase() !== "content-length") headers[k] = String(v);
    const sent = await safeFetch(
      request.endpoint,
      {
        method: "POST",
        headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
      },
      publicPolicy(config.fetchAllow),
    );
    if (!sent.ok) {
      if (sent.reason === "address_not_allowed" || sent.reason === "invalid_url") {
        deleteSubscription(db, sub.id);
        return { ok: false, retry: false, error: `push endpoint refused: ${sent.detail}` };
      }
      return { ok: false, retry: true, error: `push service unreachable: ${sent.detail}` };
    }
    const res = sent.response;
    const status = res.status;
    const snippet = await readSnippet(res, 300);
    if (status >= 200 && status < 300) {
      markSent(db, sub.id, clock());
      return { ok: true };
    }
    if (status === 404 || status === 410) {
      deleteSubscription(db, sub.id);
      return { ok: true };
    }
    const error = `push service answered ${status}${snippet ? `: ${snippet}` : ""}`;
    if (status === 429 || status >= 500) {
      const after = Number(res.headers.get("retry-after"));
      return {
        ok: false,
        retry: true,
        error,
        retryInMs: after > 0 ? Math.min(after, 3600) * 1000 : undefined,
      };
    }
    logger.warn({ subscriptionId: sub.id, status }, "push refused");
    return { ok: false, retry: false, error };
  };
}
