/**
 * How long WhatsApp may take with a file or a send, so that one stalled transfer never holds a
 * channel: its sends go one at a time, and history media is fetched one file at a time.
 */
export type TransferTimeouts = {
  /** Until WhatsApp's media server starts answering a download. */
  responseMs: number;
  /** The longest pause while a file streams in. */
  idleMs: number;
  /** A whole transfer gets this, plus its size at `minBytesPerSecond` (uploads cannot see their progress). */
  baseMs: number;
  minBytesPerSecond: number;
  /** Beyond its upload, how long a send may take (WhatsApp's device and key queries). */
  sendMarginMs: number;
  /** How long the phone has to send expired media again. */
  phoneRetryMs: number;
};

export const DEFAULT_TRANSFER_TIMEOUTS: TransferTimeouts = {
  responseMs: 30_000,
  idleMs: 30_000,
  baseMs: 60_000,
  // 1 Mbit/s: a 100 MB file (the default cap) gets about 14 minutes.
  minBytesPerSecond: 128 * 1024,
  sendMarginMs: 90_000,
  phoneRetryMs: 60_000,
};

export function transferDeadlineMs(t: TransferTimeouts, bytes: number): number {
  return t.baseMs + Math.ceil((Math.max(0, bytes) / t.minBytesPerSecond) * 1000);
}

/**
 * `work`'s result, or `timeout()`'s error once `ms` have passed. The work is not cancelled (what it
 * holds is its own business); it is only no longer waited for.
 */
export function withinDeadline<T>(work: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeout()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
