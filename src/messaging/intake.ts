import type { Db } from "../db/open.ts";
import { durableWrite } from "../db/write.ts";
import type { IncomingMessage } from "../whatsapp/driver.ts";
import type { Ingest, IngestResult } from "./ingest.ts";

/** More than this many waiting messages are committed at once rather than at the next turn. */
export const MAX_INTAKE_BATCH = 500;

type Waiting = {
  message: IncomingMessage;
  resolve(result: IngestResult): void;
  reject(err: unknown): void;
};

type Outcome = { ok: true; result: IngestResult } | { ok: false; err: unknown };

/**
 * Group commit for live messages. A durable commit (an fsync, `synchronous=FULL`) costs far more than
 * the rows of one message, so messages that arrive together (the same turn of the event loop, or
 * while the previous batch was being written) share one transaction. Each is stored in its own
 * savepoint (the ingest's write nested in this one), so a message that fails rolls back alone and
 * is reported to its own caller. Every after-commit callback of the batch (live hub, job runner)
 * runs once the batch committed, and each caller's promise settles only then: a driver that waits
 * for it before acknowledging a message to WhatsApp acknowledges only what is durable.
 */
export function createIntake(db: Db, ingest: Ingest, maxBatch = MAX_INTAKE_BATCH) {
  let waiting: Waiting[] = [];
  let scheduled: ReturnType<typeof setImmediate> | null = null;

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    const outcomes: Outcome[] = [];
    try {
      durableWrite(db, () => {
        for (const w of batch) {
          try {
            outcomes.push({ ok: true, result: ingest.ingest(w.message) });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // The commit itself failed: nothing of the batch is stored, so every message failed.
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.result);
      else w.reject(o.err);
    });
  }

  return {
    /** Stores a live message with whatever else arrives meanwhile; settles once that commit happened. */
    submit(message: IncomingMessage): Promise<IngestResult> {
      const done = new Promise<IngestResult>((resolve, reject) => {
        waiting.push({ message, resolve, reject });
      });
      if (waiting.length >= maxBatch) flush();
      else scheduled ??= setImmediate(flush);
      return done;
    },
    /**
     * Commits what is waiting now. Called before any other write of a channel's events (a receipt,
     * a read on the phone), so those never overtake the messages that came before them.
     */
    flush,
    get waiting(): number {
      return waiting.length;
    },
  };
}

export type Intake = ReturnType<typeof createIntake>;
