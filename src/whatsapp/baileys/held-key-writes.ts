import type { SignalDataSet } from "@whiskeysockets/baileys";

/**
 * Signal key writes held back until the messages whose decryption made them are stored.
 *
 * Baileys (our patch) decrypts a channel's next message while the previous ones wait for their
 * commit, and writes each decryption's new Signal state at once. Were that write durable before its
 * message, a crash in between would lose the message: WhatsApp delivers it again (no receipt went
 * out), but the keys to decrypt it would be used up. So `hold(stored)` opens a segment: every write
 * from then on waits in memory until `stored` and every earlier segment's promise settled, and the
 * writes that became free together are committed in one transaction (one commit per group of
 * messages, not one per message). Writes keep their order; reads see held writes first.
 */

type Segment = {
  settled: boolean;
  writes: SignalDataSet[];
  flushed: () => void;
  failed: (e: unknown) => void;
};

export class HeldKeyWrites {
  private readonly segments: Segment[] = [];
  /** The latest held value of each key ("type\0id"; null: deleted), and how many held writes name it. */
  private readonly overlay = new Map<string, { value: unknown; count: number }>();
  private flushQueued = false;

  /** `commit` writes a set of key changes in one transaction; it must not yield. */
  constructor(private readonly commit: (sets: SignalDataSet[]) => void) {}

  /**
   * Holds every write from now on until `stored` (and every earlier hold) settled; resolves once
   * the writes of this segment are committed (rejects if that commit failed).
   */
  hold(stored: Promise<unknown>): Promise<void> {
    let flushed!: () => void;
    let failed!: (e: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      flushed = resolve;
      failed = reject;
    });
    const segment: Segment = { settled: false, writes: [], flushed, failed };
    this.segments.push(segment);
    const release = () => {
      segment.settled = true;
      // Deferred to the end of the current turn of promise callbacks: the messages of one group
      // commit settle together, and their writes then share one transaction.
      if (this.flushQueued) return;
      this.flushQueued = true;
      queueMicrotask(() => this.flushReady());
    };
    stored.then(release, release);
    return done;
  }

  /** Writes now when nothing is held, else keeps the write behind the holds made before it. */
  set(data: SignalDataSet): void {
    const last = this.segments.at(-1);
    if (!last) {
      this.commit([data]);
      return;
    }
    last.writes.push(data);
    for (const [type, entries] of Object.entries(data))
      for (const [id, value] of Object.entries(entries ?? {})) {
        const key = `${type}\0${id}`;
        const held = this.overlay.get(key);
        this.overlay.set(key, { value: value ?? null, count: (held?.count ?? 0) + 1 });
      }
  }

  /** A held value: `undefined` when the key has no held write, `null` when a held write deletes it. */
  read(type: string, id: string): unknown {
    return this.overlay.get(`${type}\0${id}`)?.value;
  }

  /** Forgets every held write (the keys are being wiped). */
  clear(): void {
    for (const s of this.segments) s.flushed();
    this.segments.length = 0;
    this.overlay.clear();
  }

  private flushReady(): void {
    this.flushQueued = false;
    let ready = 0;
    while (ready < this.segments.length && this.segments[ready]!.settled) ready++;
    if (ready === 0) return;
    const free = this.segments.splice(0, ready);
    const sets = free.flatMap((s) => s.writes);
    try {
      if (sets.length) this.commit(sets);
    } catch (err) {
      for (const s of free) s.failed(err);
      return;
    } finally {
      this.release(sets);
    }
    for (const s of free) s.flushed();
  }

  private release(sets: SignalDataSet[]): void {
    for (const data of sets)
      for (const [type, entries] of Object.entries(data))
        for (const id of Object.keys(entries ?? {})) {
          const key = `${type}\0${id}`;
          const held = this.overlay.get(key);
          if (!held) continue;
          if (held.count <= 1) this.overlay.delete(key);
          else held.count -= 1;
        }
  }
}
