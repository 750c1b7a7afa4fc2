/** The simulator's sense of time: real timers in a server, a hand-cranked one in tests. */
export type SimTimers = {
  /** Runs fn after ms; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
};

/** Real timers that never keep the process alive on their own. */
export const realTimers: SimTimers = {
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** Timers that fire only when a test advances them, in due order. */
export function manualTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    after(ms: number, fn: () => void): () => void {
      const id = ++seq;
      pending.set(id, { at: now + ms, fn });
      return () => pending.delete(id);
    },
    /** Moves time forward by ms, firing every timer that falls due (including ones set meanwhile). */
    advance(ms: number): void {
      const until = now + ms;
      for (;;) {
        const next = [...pending.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next) break;
        pending.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
      }
      now = until;
    },
    get pending(): number {
      return pending.size;
    },
  };
}

export type ManualTimers = ReturnType<typeof manualTimers>;
