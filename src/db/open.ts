import { Database } from "bun:sqlite";

export type Db = Database;

/** Opens the database with the pragmas every connection needs; the one place they are set. */
export function openDatabase(path: string): Db {
  const db = new Database(path, { create: true, strict: true });
  applyPragmas(db);
  return db;
}

export function applyPragmas(db: Db): void {
  // WAL lets the inbox read while the ingest path writes. FULL syncs every commit, so what WhatsApp
  // was told we have survives a power loss too; live messages share commits (messaging/intake.ts),
  // which keeps that sync cheap.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA temp_store = MEMORY");
}
