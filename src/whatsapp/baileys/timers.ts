/** Cancellable timers, injectable so tests step through back-off without waiting. */
export type Timers = { set(fn: () => void, ms: number): () => void };

export const realTimers: Timers = {
  set(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** Waits for `work` to settle (its failure ignored), or `ms` at most. */
export async function settleWithin(work: Promise<unknown>, ms: number, timers: Timers): Promise<void> {
  let cancel = () => {};
  const timeout = new Promise<void>((resolve) => (cancel = timers.set(resolve, ms)));
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]);
  cancel();
}
