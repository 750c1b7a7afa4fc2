import { Database } from "bun:sqlite";
import { chmodSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Db } from "../db/open.ts";
import type { Config } from "../config.ts";

export class BackupError extends Error {}

/** A file name that sorts by time: pairbox-2026-01-15T09-00-00Z.db */
export function backupFileName(now: number): string {
  return `pairbox-${new Date(now).toISOString().slice(0, 19).replace(/:/g, "-")}Z.db`;
}

/**
 * Writes a consistent copy of a live database to `target`. VACUUM INTO reads inside one transaction,
 * so the copy is the database as of one instant (WAL content included) while writers carry on, and
 * it comes out compacted. It is written beside the target and renamed into place, so the target is
 * never a half-written file, then checked before anyone relies on it.
 */
export function backupDatabase(db: Db, target: string): { path: string; bytes: number } {
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  try {
    db.query("VACUUM INTO ?").run(partial);
    const copy = new Database(partial, { readonly: true });
    try {
      const check = copy.query<{ quick_check: string }, []>("PRAGMA quick_check").get()?.quick_check;
      if (check !== "ok") throw new BackupError(`the copy failed its integrity check: ${check}`);
    } finally {
      copy.close();
    }
    // Owner-only whatever the umask of whoever runs it: the copy holds the WhatsApp device keys.
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { path: target, bytes: statSync(target).size };
}

/**
 * `pairbox backup FILE`: a consistent copy of the data directory's database, safe while the server
 * runs. FILE may be a directory (a time-stamped name is chosen) and is replaced if it exists.
 * Media files are not in the database: copy <data-dir>/media alongside (see the README).
 */
export async function runBackup(config: Config, file: string | undefined): Promise<number> {
  if (!file) {
    console.error("pairbox: usage: pairbox backup FILE [--data-dir DIR]");
    return 2;
  }
  const dbPath = join(resolve(config.dataDir), "pairbox.db");
  if (!existsSync(dbPath)) {
    console.error(`pairbox: no database at ${dbPath} (set --data-dir or PAIRBOX_DATA_DIR)`);
    return 2;
  }
  let target = resolve(file);
  // "backups/" names a folder even before it exists; resolve() would drop the slash and make it a file name.
  const meantFolder = /[\\/]$/.test(file);
  if (meantFolder || (existsSync(target) && statSync(target).isDirectory()))
    target = join(target, backupFileName(Date.now()));
  if (!existsSync(dirname(target))) {
    console.error(`pairbox: the folder ${dirname(target)} does not exist`);
    return 2;
  }
  const db = new Database(dbPath, { readonly: true });
  try {
    // The server may be mid-write: wait for its lock rather than fail at once.
    db.exec("PRAGMA busy_timeout = 10000");
    const { path, bytes } = backupDatabase(db, target);
    console.log(`pairbox: backup written to ${path} (${(bytes / 1048576).toFixed(1)} MB)`);
    return 0;
  } catch (err) {
    console.error(`pairbox: backup failed: ${(err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}
