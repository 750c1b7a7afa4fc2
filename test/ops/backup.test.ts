import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/open.ts";
import { migrate } from "../../src/db/migrate.ts";
import { testConfig } from "../../src/config.ts";
import { runBackup } from "../../src/ops/backup.ts";

/** A second process that keeps writing pairs of rows, each pair in one transaction, like a busy server. */
const WRITER = `
  import { Database } from "bun:sqlite";
  const db = new Database(process.argv[2]);
  db.exec("PRAGMA busy_timeout = 5000");
  const insert = db.query("INSERT INTO pairs (batch, half, filler) VALUES (?, ?, randomblob(2000))");
  for (let batch = 1; ; batch++) {
    db.transaction(() => { insert.run(batch, 1); insert.run(batch, 2); }).immediate();
    if (batch % 20 === 0) await Bun.sleep(1);
  }
`;

const children: { kill(): void }[] = [];
afterEach(() => {
  while (children.length) children.pop()!.kill();
});

function dataDir(): { dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), "pairbox-backup-"));
  const dbPath = join(dir, "pairbox.db");
  const db = openDatabase(dbPath);
  migrate(db);
  db.exec("CREATE TABLE pairs (batch INTEGER NOT NULL, half INTEGER NOT NULL, filler BLOB)");
  db.close();
  return { dir, dbPath };
}

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

describe("pairbox backup", () => {
  test("a backup taken while another process writes opens, passes integrity_check and holds only whole transactions", async () => {
    const { dir, dbPath } = dataDir();
    const scriptPath = join(dir, "writer.ts");
    await Bun.write(scriptPath, WRITER);
    const writer = Bun.spawn([process.execPath, scriptPath, dbPath], { stdout: "ignore", stderr: "inherit" });
    children.push(writer);
    const probe = new Database(dbPath, { readonly: true });
    while ((probe.query<{ n: number }, []>("SELECT count(*) AS n FROM pairs").get()?.n ?? 0) < 200)
      await Bun.sleep(10);
    probe.close();

    const config = testConfig({ dataDir: dir });
    const counts: number[] = [];
    for (const name of ["one.db", "two.db", "three.db"]) {
      await Bun.sleep(30);
      expect(await quiet(() => runBackup(config, join(dir, name)))).toBe(0);
      const copy = new Database(join(dir, name), { readonly: true });
      expect(
        copy.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get()!.integrity_check,
      ).toBe("ok");
      const rows = copy.query<{ n: number }, []>("SELECT count(*) AS n FROM pairs").get()!.n;
      expect(rows).toBeGreaterThanOrEqual(200);
      counts.push(rows);
      // A torn copy would hold half of a pair: a consistent snapshot never does.
      expect(
        copy
          .query<{ n: number }, []>(
            "SELECT count(*) AS n FROM (SELECT batch FROM pairs GROUP BY batch HAVING count(*) <> 2)",
          )
          .get()!.n,
      ).toBe(0);
      expect(
        copy.query<{ n: number }, []>("SELECT count(*) AS n FROM schema_migrations").get()!.n,
      ).toBeGreaterThan(0);
      copy.close();
    }
    // The writer was still going the whole time: each copy saw more of its work than the one before.
    expect(writer.exitCode).toBeNull();
    expect(counts[0]!).toBeLessThan(counts[1]!);
    expect(counts[1]!).toBeLessThan(counts[2]!);
  });

  test("a folder as target gets a time-stamped file; nothing half-written is left behind", async () => {
    const { dir } = dataDir();
    const out = mkdtempSync(join(tmpdir(), "pairbox-backup-out-"));
    expect(await quiet(() => runBackup(testConfig({ dataDir: dir }), out))).toBe(0);
    const files = readdirSync(out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^pairbox-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/);
  });

  test("a missing database or target folder is refused with a plain message and exit code 2", async () => {
    const err = console.error;
    const messages: string[] = [];
    console.error = (m: string) => messages.push(m);
    try {
      expect(
        await runBackup(
          testConfig({ dataDir: join(tmpdir(), "no-such-pairbox-dir") }),
          join(tmpdir(), "x.db"),
        ),
      ).toBe(2);
      const { dir } = dataDir();
      expect(await runBackup(testConfig({ dataDir: dir }), join(dir, "missing-folder", "x.db"))).toBe(2);
      // A trailing slash names a folder: one that does not exist is refused, never written as a file.
      expect(await runBackup(testConfig({ dataDir: dir }), `${join(dir, "backups")}/`)).toBe(2);
      expect(existsSync(join(dir, "backups"))).toBe(false);
      expect(await runBackup(testConfig({ dataDir: dir }), undefined)).toBe(2);
    } finally {
      console.error = err;
    }
    expect(messages[0]).toContain("no database at");
    expect(messages[1]).toContain("does not exist");
    expect(messages[2]).toContain("backups does not exist");
  });
});
