import { backoffDelay, type BackoffBounds } from "./disconnect.ts";

/**
 * When to reconnect. A failure count that reset on every `open` let a connection that WhatsApp (or
 * a proxy) drops right after login reconnect every second for ever; the count now resets only once
 * the connection stayed up: the offline queue was handed over (receivedPendingNotifications) or
 * `stableMs` passed.
 */

export type ReconnectBounds = BackoffBounds & {
  /** How long a connection must stay open to count as a success (when the offline queue does not say so first). */
  stableMs: number;
};

export const DEFAULT_RECONNECT: ReconnectBounds = { minMs: 1000, maxMs: 5 * 60 * 1000, stableMs: 60_000 };

/** Restart-required more often than this in a row, without ever opening, is treated as a failure. */
const MAX_RESTARTS_IN_ROW = 3;
/** Drops right after an open, in a row, before the channel says the connection is flapping. */
const DROPS_BEFORE_FLAPPING = 2;

export const FLAPPING_REASON =
  "The connection to WhatsApp keeps dropping right after it opens: retrying less and less often";

export class ReconnectPolicy {
  /** Failures in a row (the back-off's attempt number). */
  failures = 0;
  private restarts = 0;
  private openUnproven = false;
  private drops = 0;

  constructor(
    private readonly bounds: ReconnectBounds,
    private readonly random: () => number,
  ) {}

  get stableMs(): number {
    return this.bounds.stableMs;
  }

  reset(): void {
    this.failures = 0;
    this.restarts = 0;
    this.drops = 0;
    this.openUnproven = false;
  }

  opened(): void {
    this.restarts = 0;
    this.openUnproven = true;
  }

  /** The connection stayed up: the next failure starts the back-off from the bottom again. */
  settled(): void {
    this.failures = 0;
    this.drops = 0;
    this.openUnproven = false;
  }

  /** WhatsApp asked for a restart: true to reconnect at once, false once it keeps asking. */
  restart(): boolean {
    this.restarts += 1;
    return this.restarts <= MAX_RESTARTS_IN_ROW;
  }

  /** A close to retry after `delay`; `reason` is what to show (flapping said as such). */
  failed(reason: string): { attempt: number; delay: number; reason: string } {
    if (this.openUnproven) this.drops += 1;
    this.openUnproven = false;
    this.failures += 1;
    return {
      attempt: this.failures,
      delay: backoffDelay(this.failures, this.random, this.bounds),
      reason: this.drops >= DROPS_BEFORE_FLAPPING ? FLAPPING_REASON : reason,
    };
  }
}
