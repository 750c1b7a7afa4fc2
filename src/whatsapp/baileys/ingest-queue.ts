import { settleWithin, type Timers } from "./timers.ts";

/**
 * A session's inbound events, handled one after another so messages keep their order. A message is
 * stored before Baileys sends its receipt (`handOver`; the queue moves on once the store took it,
 * while its commit is awaited), but receipts, statuses and a message
 * whose storing outlasted STORE_BEFORE_RECEIPT_MS were already confirmed to WhatsApp, so nothing
 * queued here may be dropped: a session that stops first lets the queue run out, for a bounded time.
 */

/** How long a stopping session waits for its queued events to be stored. */
export const DRAIN_TIMEOUT_MS = 5_000;

/**
 * How long Baileys waits for us to take a message, and then its receipt for us to commit it. While
 * the first wait lasts every later message of the channel waits too, and while the second lasts its
 * later receipts (sent in order), so a storing that hangs must not stop the channel: past this the
 * receipt goes out and the message is stored when its turn comes.
 * Longer than a LID lookup (5 s) so that an ordinary backlog still stores first.
 */
export const STORE_BEFORE_RECEIPT_MS = 10_000;

export class IngestQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  /** Messages handed over and not committed yet (their receipts wait): a drain waits for them too. */
  private readonly storing = new Set<Promise<void>>();

  constructor(private readonly timers: Timers) {}

  /** Runs `work` after everything queued before it (its failure is its own: the queue goes on). */
  push(work: () => Promise<void>): void {
    this.pending += 1;
    this.tail = this.tail.then(work).finally(() => {
      this.pending -= 1;
    });
  }

  /** Like push, and settles once `work` has run (or failed), or after `ms` at most. */
  pushAndWait(work: () => Promise<void>, ms: number): Promise<void> {
    const done = new Promise<void>((resolve) => this.push(() => work().finally(resolve)));
    return settleWithin(done, ms, this.timers);
  }

  /** Keeps `stored` (a handed-over message's commit) among what a drain waits for. */
  track(stored: Promise<void>): void {
    this.storing.add(stored);
    void stored.finally(() => this.storing.delete(stored));
  }

  /** `work`, or nothing after `ms` (with the queue's timers). */
  bounded(work: Promise<void>, ms: number): Promise<void> {
    return settleWithin(work, ms, this.timers);
  }

  /** Events waiting or being handled. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once everything queued so far was handled, or after `ms` at most. */
  drain(ms = DRAIN_TIMEOUT_MS): Promise<void> {
    const everything = this.tail.then(() => Promise.all([...this.storing]));
    return settleWithin(everything, ms, this.timers);
  }
}
