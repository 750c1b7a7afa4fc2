import type { Db } from "./open.ts";

/**
 * The one way to write (PocketBase's model): `write(db, (tx) => …)` runs the function in an IMMEDIATE
 * transaction; what must happen only once the change is durable (live pushes, waking the job runner)
 * is queued with `tx.afterCommit` and runs right after the commit, never when the change rolled back.
 * A write inside a write is a savepoint of the outer one: its callbacks wait for the outer commit.
 */
export type Tx = {
  readonly db: Db;
  /** Runs fn after the outermost transaction committed; dropped if it (or this savepoint) rolls back. */
  afterCommit(fn: () => void): void;
  /**
   * A value computed once per outermost transaction (a group of messages shares one): for reads
   * that many writes of the group repeat (the enabled workflows) and that none of them changes.
   */
  once<T>(key: string, compute: () => T): T;
};

type Open = { callbacks: (() => void)[]; memo: Map<string, unknown> };

const openWrites = new WeakMap<Db, Open>();

/** Reports a failing after-commit callback; the change itself is already committed. */
let reportFailure: (err: unknown) => void = (err) => console.error("after-commit callback failed", err);

export function onAfterCommitFailure(report: (err: unknown) => void): void {
  reportFailure = report;
}

export function write<T>(db: Db, fn: (tx: Tx) => T): T {
  const outer = openWrites.get(db);
  if (outer) {
    const mark = outer.callbacks.length;
    try {
      return db.transaction(() => fn(txFor(db, outer)))();
    } catch (err) {
      // The savepoint rolled back: so does what it queued.
      outer.callbacks.length = mark;
      throw err;
    }
  }
  const open: Open = { callbacks: [], memo: new Map() };
  openWrites.set(db, open);
  let result: T;
  try {
    result = db.transaction(() => fn(txFor(db, open))).immediate();
  } finally {
    openWrites.delete(db);
  }
  for (const callback of open.callbacks) {
    try {
      callback();
    } catch (err) {
      reportFailure(err);
    }
  }
  return result;
}

function txFor(db: Db, open: Open): Tx {
  return {
    db,
    afterCommit: (fn) => open.callbacks.push(fn),
    once<T>(key: string, compute: () => T): T {
      if (!open.memo.has(key)) open.memo.set(key, compute());
      return open.memo.get(key) as T;
    },
  };
}

/**
 * A write whose commit is synced to disk before it returns (`synchronous=FULL` for this commit): for
 * what WhatsApp is told we have, which it will never send again. Other writes keep NORMAL, which in
 * WAL mode survives any crash of the process and loses at most the last commits to a power cut
 * (a job then runs again, as its handler is built to absorb). Inside another write it is a savepoint,
 * and the outer commit decides.
 */
export function durableWrite<T>(db: Db, fn: (tx: Tx) => T): T {
  if (openWrites.has(db)) return write(db, fn);
  db.exec("PRAGMA synchronous = FULL");
  try {
    return write(db, fn);
  } finally {
    db.exec("PRAGMA synchronous = NORMAL");
  }
}
