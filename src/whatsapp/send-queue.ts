/**
 * One send at a time per channel, with a short random pause between two sends, so a burst (a
 * workflow writing to a hundred people) never floods WhatsApp. Channels do not wait for each other.
 */
export type SendQueueOptions = {
  /** The longest pause between two sends on one channel; each pause is random between half and all of it. 0 = none. */
  spacingMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type SendQueue = {
  run<T>(channelId: number, send: () => Promise<T>): Promise<T>;
  /** Forgets a channel's queue (after it is removed); sends already waiting still run. */
  drop(channelId: number): void;
};

export function createSendQueue(opts: SendQueueOptions): SendQueue {
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tails = new Map<number, Promise<unknown>>();

  function pause(): Promise<void> {
    if (opts.spacingMs <= 0) return Promise.resolve();
    return sleep(Math.round(opts.spacingMs * (0.5 + random() * 0.5)));
  }

  return {
    run<T>(channelId: number, send: () => Promise<T>): Promise<T> {
      const before = tails.get(channelId) ?? Promise.resolve();
      const result = before.then(send);
      // The next send waits for this one to settle (success or not) and then for the pause.
      const tail = result.then(pause, pause);
      tails.set(channelId, tail);
      void tail.then(() => {
        if (tails.get(channelId) === tail) tails.delete(channelId);
      });
      return result;
    },
    drop(channelId) {
      tails.delete(channelId);
    },
  };
}
