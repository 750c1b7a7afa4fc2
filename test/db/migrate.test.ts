import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, MigrationError } from "../../src/db/migrate.ts";
import { migrations } from "../../src/db/migrations/index.ts";
import { openDatabase } from "../../src/db/open.ts";

const tables = (db: ReturnType<typeof openDatabase>) =>
  db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);

describe("migrations", () => {
  test("a fresh database gets every migration, recorded in schema_migrations", () => {
    const db = openDatabase(":memory:");
    const applied = migrate(db);
    expect(applied).toEqual(migrations.map((m) => m.version));
    const recorded = db
      .query<{ version: number }, []>("SELECT version FROM schema_migrations ORDER BY version")
      .all()
      .map((r) => r.version);
    expect(recorded).toEqual(applied);
    expect(tables(db)).toContain("users");
    expect(tables(db)).toContain("messages");
  });

  test("a restart applies nothing again", () => {
    const path = join(mkdtempSync(join(tmpdir(), "pb-")), "x.db");
    const first = openDatabase(path);
    migrate(first);
    first.query("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    first.close();
    const again = openDatabase(path);
    expect(migrate(again)).toEqual([]);
    expect(
      again.query<{ value: string }, []>("SELECT value FROM settings WHERE key = 'k'").get()?.value,
    ).toBe("v");
  });

  test("migrations are numbered without gaps or repeats", () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(m.name.startsWith(String(m.version).padStart(4, "0"))).toBe(true);
  });

  test("a broken migration rolls back every pending one and names itself", () => {
    const db = openDatabase(":memory:");
    const broken = [
      { version: 1, name: "0001_ok", sql: "CREATE TABLE a (x INTEGER);" },
      { version: 2, name: "0002_broken", sql: "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);" },
    ];
    expect(() => migrate(db, broken)).toThrow(MigrationError);
    expect(() => migrate(db, broken)).toThrow(/0002_broken failed, database left unchanged/);
    expect(tables(db)).not.toContain("a");
    expect(tables(db)).not.toContain("b");
    expect(db.query<{ n: number }, []>("SELECT count(*) AS n FROM schema_migrations").get()!.n).toBe(0);
  });

  test("the database runs in WAL mode with foreign keys on", () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), "pb-")), "w.db"));
    expect(db.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()!.journal_mode).toBe("wal");
    expect(db.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()!.foreign_keys).toBe(1);
    expect(db.query<{ synchronous: number }, []>("PRAGMA synchronous").get()!.synchronous).toBe(1);
  });
});

describe("prepared statements", () => {
  test("a connection keeps every hot statement prepared, not only Bun's default 20", () => {
    const db = openDatabase(":memory:");
    // Storing one message alone runs more than 20 distinct statements; past Bun's default cache
    // size each call of db.query() prepared its statement afresh (a third of the ingest path).
    const sql = Array.from({ length: 100 }, (_, i) => `SELECT ${i} AS n`);
    const first = sql.map((q) => db.query(q));
    const again = sql.map((q) => db.query(q));
    expect(first.filter((s, i) => s !== again[i])).toEqual([]);
    db.close();
  });
});
