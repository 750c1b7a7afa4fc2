import type { Db } from "./open.ts";

/**
 * The settings table: one key-value store that features share, each under its own key prefix
 * (`auth.`, `company.`, `simulator.`). The only SQL on it.
 */
export function readSetting(db: Db, key: string): string | null {
  return (
    db.query<{ value: string }, [string]>("SELECT value FROM settings WHERE key = ?").get(key)?.value ?? null
  );
}

/** Saves a value; null deletes the key. */
export function saveSetting(db: Db, key: string, value: string | null): void {
  if (value === null) db.query("DELETE FROM settings WHERE key = ?").run(key);
  else
    db.query(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(key, value);
}
