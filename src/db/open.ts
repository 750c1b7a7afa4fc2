import { Database } from "bun:sqlite";

export type Db = Database;

/**
 * How many statements `db.query()` keeps prepared. Bun keeps 20 and prepares anything past them
 * afresh on every call: storing one message runs more than 20 distinct statements, so at 20 a third
 * of the ingest path was spent preparing SQL. The app's statements are fixed strings, so this bounds
 * the cache without evicting any of them.
 */
export const STATEMENT_CACHE_SIZE = 2000;

/** Opens the database with the pragmas every connection needs; the one place they are set. */
export function openDatabase(path: string): Db {
  (Database as unknown as { MAX_QUERY_CACHE_SIZE: number }).MAX_QUERY_CACHE_SIZE = STATEMENT_CACHE_SIZE;
  const db = new Database(path, { create: true, strict: true });
  applyPragmas(db);
  return db;
}

export function applyPragmas(db: Db): void {
  // WAL lets the inbox read while the ingest path writes. NORMAL never loses a commit to a crash of
  // the process, only the last ones to a power loss; what WhatsApp was told we have is committed
  // with FULL (durableWrite in write.ts), in groups so that its sync stays cheap.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA temp_store = MEMORY");
}
