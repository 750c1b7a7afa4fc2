import { settleWithin, type Timers } from "./timers.ts";

/**
 * A session's inbound events, handled one after another so messages keep their order. Baileys has
 * already told WhatsApp it has each message when it hands it over, so nothing queued here may be
 * dropped: a session that stops first lets the queue run out, for a bounded time.
 */

/** How long a stopping session waits for its queued events to be stored. */
export const DRAIN_TIMEOUT_MS = 5_000;

export class IngestQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly timers: Timers) {}

  /** Runs `work` after everything queued before it (its failure is its own: the queue goes on). */
  push(work: () => Promise<void>): void {
    this.pending += 1;
    this.tail = this.tail.then(work).finally(() => {
      this.pending -= 1;
    });
  }

  /** Events waiting or being handled. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once everything queued so far was handled, or after `ms` at most. */
  drain(ms = DRAIN_TIMEOUT_MS): Promise<void> {
    return settleWithin(this.tail, ms, this.timers);
  }
}
