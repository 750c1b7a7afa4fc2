import type { Db } from "./open.ts";
import { migrations as embedded, type Migration } from "./migrations/index.ts";

export class MigrationError extends Error {}

/**
 * Applies every pending migration in one transaction: either the database reaches the newest
 * version or it stays exactly as it was.
 */
export function migrate(db: Db, migrations: Migration[] = embedded, now: () => number = Date.now): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db
      .query<{ version: number }, []>("SELECT version FROM schema_migrations")
      .all()
      .map((r) => r.version),
  );
  const pending = [...migrations]
    .sort((a, b) => a.version - b.version)
    .filter((m) => !applied.has(m.version));
  if (pending.length === 0) return [];
  let current: Migration | undefined;
  try {
    db.transaction(() => {
      for (const m of pending) {
        current = m;
        db.exec(m.sql);
        db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
          m.version,
          m.name,
          now(),
        );
      }
    }).immediate();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new MigrationError(`migration ${current?.name ?? "?"} failed, database left unchanged: ${reason}`);
  }
  return pending.map((m) => m.version);
}
