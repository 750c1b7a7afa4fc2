/** Cancellable timers, injectable so tests step through back-off without waiting. */
export type Timers = { set(fn: () => void, ms: number): () => void };

export const realTimers: Timers = {
  set(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};
