import { migrate } from "../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { tempDataDir } from "./env.ts";

/**
 * The physical limit of an intake run, measured in the same run: the very rows it wrote (every
 * table that grew: messages, conversations, links, workflow runs, webhook events and deliveries,
 * jobs), inserted as plain `INSERT … SELECT` into a fresh database with the same schema, indexes,
 * full-text triggers and pragmas (`synchronous=FULL`), in as many transactions as there were
 * batches. No lookups, no logic, no foreign-key checks: what SQLite alone needs for those rows.
 * Call it before the run (it copies what exists then, untimed); `measure` after it.
 */
export function rawCopy(src: Db, srcPath: string) {
  const dir = tempDataDir("raw");
  const db = openDatabase(dir.dbPath);
  migrate(db);
  db.exec("PRAGMA foreign_keys = OFF");
  db.query("ATTACH DATABASE ? AS src").run(srcPath);
  const tables = copyableTables(src);
  const marks = new Map<string, number>();
  db.transaction(() => {
    for (const t of tables) {
      db.exec(`DELETE FROM main."${t.name}"`);
      db.exec(`INSERT INTO main."${t.name}" SELECT * FROM src."${t.name}"`);
      if (t.rowid) marks.set(t.name, topRowid(src, t.name));
    }
  })();
  return {
    /** Inserts what the run added in `batches` transactions; returns messages per second. */
    measure(batches: number): number {
      try {
        // Tables without rowids: their new rows are found first (untimed) and numbered.
        const sources = tables.map((t) => {
          if (t.rowid)
            return {
              from: marks.get(t.name)!,
              to: topRowid(src, t.name),
              name: t.name,
              table: `src."${t.name}"`,
            };
          db.exec(
            `CREATE TEMP TABLE "new_${t.name}" AS SELECT * FROM src."${t.name}" EXCEPT SELECT * FROM main."${t.name}"`,
          );
          return { from: 0, to: topRowid(db, `new_${t.name}`), name: t.name, table: `temp."new_${t.name}"` };
        });
        const statements = sources.map((r) => ({
          ...r,
          insert: db.query(
            `INSERT INTO main."${r.name}" SELECT * FROM ${r.table} WHERE rowid > ? AND rowid <= ?`,
          ),
        }));
        const messages = sources.find((r) => r.name === "messages")!;
        const t0 = performance.now();
        for (let b = 0; b < batches; b++)
          db.transaction(() => {
            for (const s of statements) {
              const span = s.to - s.from;
              s.insert.run(
                s.from + Math.floor((span * b) / batches),
                s.from + Math.floor((span * (b + 1)) / batches),
              );
            }
          }).immediate();
        return (messages.to - messages.from) / ((performance.now() - t0) / 1000);
      } finally {
        db.close();
        dir.cleanup();
      }
    },
  };
}

function topRowid(db: Db, table: string): number {
  return db.query<{ m: number | null }, []>(`SELECT max(rowid) AS m FROM "${table}"`).get()!.m ?? 0;
}

/** Ordinary tables, without full-text ones and those only triggers fill (they fill themselves). */
function copyableTables(db: Db): { name: string; rowid: boolean }[] {
  const all = db
    .query<{ name: string; sql: string | null; type: string }, []>(
      "SELECT name, sql, type FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY rowid",
    )
    .all();
  const virtual = all
    .filter((t) => t.type === "table" && /^CREATE VIRTUAL/i.test(t.sql ?? ""))
    .map((t) => t.name);
  const filled = new Set(
    all
      .filter((t) => t.type === "trigger")
      .flatMap((t) =>
        [...(t.sql ?? "").matchAll(/INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?/gi)].map((m) => m[1]!),
      ),
  );
  return all
    .filter(
      (t) =>
        t.type === "table" &&
        !t.name.startsWith("sqlite_") &&
        !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)) &&
        !filled.has(t.name),
    )
    .map((t) => ({ name: t.name, rowid: !/WITHOUT\s+ROWID/i.test(t.sql ?? "") }));
}
