import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { enqueueJob } from "../jobs/queue.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { NormalizedMessage } from "../whatsapp/driver.ts";

/**
 * A message WhatsApp handed over that we could not store. WhatsApp was already told we have it and
 * will not send it again, so it is kept (ingest_failures) and the job queue stores it later; the
 * table says what went wrong meanwhile. Its file, if any, is fetched once it is stored.
 */

export const INGEST_RETRY_JOB = "ingest.retry";
/** The first retry comes soon (a busy database clears up); the runner backs off from there. */
const FIRST_RETRY_MS = 5_000;
const MAX_ATTEMPTS = 20;

export type IngestFailureDeps = { db: Db; clock: Clock; logger: Logger };

export function recordIngestFailure(
  deps: IngestFailureDeps,
  message: NormalizedMessage,
  error: unknown,
): void {
  const now = deps.clock();
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500) || "unknown error";
  const row = deps.db
    .query<{ id: number }, [number, string, string, string, number, number]>(
      `INSERT INTO ingest_failures (channel_id, wa_id, message, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (channel_id, wa_id) DO UPDATE SET error = excluded.error, attempts = attempts + 1, updated_at = excluded.updated_at
       RETURNING id`,
    )
    .get(message.channelId, message.waId, JSON.stringify(message), reason, now, now)!;
  enqueueJob(
    deps.db,
    {
      kind: INGEST_RETRY_JOB,
      payload: { failureId: row.id },
      runAt: now + FIRST_RETRY_MS,
      dedupeKey: `ingest:${row.id}:${now}`,
      orderKey: `ingest:${message.channelId}`,
      maxAttempts: MAX_ATTEMPTS,
    },
    now,
  );
  deps.logger.error(
    { channelId: message.channelId, waId: message.waId, reason, failureId: row.id },
    "an inbound message could not be stored; kept for a retry",
  );
}

type FailureRow = { id: number; message: string; stored_at: number | null };

/**
 * The retry: `store` stores the message as the live path would (the ingest dedupes, so a message
 * that made it in after all is not stored twice), and throws when it still cannot.
 */
export function installIngestRetry(
  deps: IngestFailureDeps & { jobs: JobRunner },
  store: (message: NormalizedMessage) => void,
): void {
  deps.jobs.register(INGEST_RETRY_JOB, async (_job, payload) => {
    const id = Number((payload as { failureId?: unknown }).failureId);
    const row = deps.db
      .query<FailureRow, [number]>("SELECT id, message, stored_at FROM ingest_failures WHERE id = ?")
      .get(id);
    if (!row || row.stored_at !== null) return { ok: true };
    try {
      store(JSON.parse(row.message) as NormalizedMessage);
    } catch (err) {
      const reason = ((err as Error)?.message ?? String(err)).slice(0, 500);
      deps.db
        .query("UPDATE ingest_failures SET error = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?")
        .run(reason, deps.clock(), id);
      return { ok: false, retry: true, error: reason };
    }
    deps.db
      .query("UPDATE ingest_failures SET stored_at = ?, updated_at = ? WHERE id = ?")
      .run(deps.clock(), deps.clock(), id);
    return { ok: true };
  });
}
