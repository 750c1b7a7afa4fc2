import type { Db } from "../db/open.ts";
import { enqueueJob } from "../jobs/queue.ts";
import { subscriptionsOf, type PushKind } from "./store.ts";

export const PUSH_JOB = "push.send";

/** What the service worker shows: a title, a line, and the page a tap opens. */
export type PushContent = { title: string; body: string; url: string; tag?: string };

/** One push to one browser. Who and what is checked again when it is sent (access may change meanwhile). */
export type PushJob = PushContent & {
  subscriptionId: number;
  userId: number;
  /** "test": the button on the settings page, sent whatever the preferences say. */
  kind: PushKind | "test";
  /** The conversation it is about: the person must still reach its channel when it is sent. */
  conversationId?: number;
};

/** A failed push is retried a few times only: a late notification is worth less than none. */
const ATTEMPTS = 5;

/**
 * Queues a push to each of this person's browsers, inside the caller's transaction. `source`
 * (a notification or message id) keeps the same event from being queued twice for one browser.
 */
export function queuePushToUser(
  db: Db,
  p: {
    userId: number;
    kind: PushKind | "test";
    content: PushContent;
    conversationId?: number;
    source: string;
  },
  now: number,
): number {
  let queued = 0;
  for (const s of subscriptionsOf(db, p.userId)) {
    const job: PushJob = {
      ...p.content,
      subscriptionId: s.id,
      userId: p.userId,
      kind: p.kind,
      conversationId: p.conversationId,
    };
    const id = enqueueJob(
      db,
      {
        kind: PUSH_JOB,
        payload: job,
        runAt: now,
        dedupeKey: `push:${p.source}:${s.id}`,
        maxAttempts: ATTEMPTS,
      },
      now,
    );
    if (id !== null) queued++;
  }
  return queued;
}
