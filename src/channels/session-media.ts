import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { write } from "../db/write.ts";
import { emit } from "../messaging/events.ts";
import type { JobRunner } from "../jobs/runner.ts";
import { backoffMs, enqueueJob } from "../jobs/queue.ts";
import type { MediaSource } from "../whatsapp/driver.ts";
import { tooLargeMessage, type ContentStore, type PutResult } from "../whatsapp/media-store.ts";
import { markMediaProblem, markMediaStored, mediaTarget } from "../messaging/media-state.ts";

export const MEDIA_RETRY_JOB = "media.download";

export type MediaDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: JobRunner;
  media: ContentStore;
  maxMediaBytes: number;
};

export type MediaOutcome = "stored" | "too_large" | "failed" | "gone";

/**
 * Fetches one message's media into the content-addressed store. The message row is already stored:
 * whatever happens here is recorded on it (stored, too large, or failed with the reason) and the
 * inbox is told, so a file is never silently missing.
 */
export async function downloadMedia(
  deps: MediaDeps,
  messageId: number,
  source: MediaSource,
): Promise<MediaOutcome> {
  const { db } = deps;
  const target = mediaTarget(db, messageId);
  if (!target || target.media_status === "stored") return "gone";
  let outcome: MediaOutcome;
  if (target.media_size !== null && target.media_size > deps.maxMediaBytes) {
    // WhatsApp told us the size: refuse before fetching a single byte.
    markMediaProblem(db, messageId, "too_large", tooLargeMessage(deps.maxMediaBytes));
    outcome = "too_large";
  } else {
    let result: PutResult;
    try {
      result = await deps.media.putStream(await source.download(), deps.maxMediaBytes);
    } catch (err) {
      result = {
        ok: false as const,
        reason: "failed" as const,
        error: `Download failed: ${(err as Error).message || "unknown error"}`,
      };
    }
    if (result.ok) {
      markMediaStored(db, messageId, result.sha256, result.size);
      outcome = "stored";
    } else {
      markMediaProblem(db, messageId, result.reason, result.error);
      outcome = result.reason;
      if (result.reason === "failed")
        deps.logger.warn(
          { messageId, channelId: target.channel_id, error: result.error },
          "media download failed",
        );
    }
  }
  // The outcome is already on the row; open tabs redraw the message from it.
  write(db, (tx) =>
    emit(tx, {
      type: "media.changed",
      channelId: target.channel_id,
      conversationId: target.conversation_id,
      messageId,
    }),
  );
  return outcome;
}

/** A failed download is tried again later by the job runner, with growing pauses (1 min, 2 min, 4 min…). */
export function scheduleMediaRetry(deps: MediaDeps, messageId: number): void {
  const now = deps.clock();
  enqueueJob(
    deps.db,
    {
      kind: MEDIA_RETRY_JOB,
      payload: { messageId },
      runAt: now + backoffMs(1),
      dedupeKey: `media:${messageId}:${now}`,
      orderKey: `media:${messageId}`,
      maxAttempts: 8,
    },
    now,
  );
}
