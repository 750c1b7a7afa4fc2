import { describe, expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { listRecords, type SearchTerms } from "../../src/records/store.ts";

/** Common prefixes walk the id index, rare ones read the name/email/phone indexes: both must page alike. */
function seeded() {
  const db = openDatabase(":memory:");
  migrate(db);
  const insert = db.query(
    "INSERT INTO records (type, name, first_name, last_name, email, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', 0, 0) RETURNING id",
  );
  const phone = db.query(
    "INSERT INTO record_phones (record_type, record_id, e164, original) VALUES (?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const { id } = insert.get("contact", `Sam ${i}`, "Sam", String(i), `sam${i}@example.com`) as {
        id: number;
      };
      phone.run("contact", id, `+4477009${String(i).padStart(5, "0")}`, "x");
    }
    // Many deals starting with "Zed" must not make a contact search for "Zed" take the slow path or find them.
    for (let i = 0; i < 3000; i++) insert.run("deal", `Zed deal ${i}`, null, null, null);
    insert.run("contact", "Zed Quinn", "Zed", "Quinn", "zq@example.com");
    insert.run("contact", "Ann Zedd", "Ann", "Zedd", null);
  })();
  return db;
}

function everyPage(db: ReturnType<typeof seeded>, search: SearchTerms | null): string[] {
  const names: string[] = [];
  let before: number | null = null;
  for (;;) {
    const rows = listRecords(db, { type: "contact", search, before, limit: 500 });
    names.push(...rows.map((r) => r.name));
    if (rows.length < 500) return names;
    before = rows[rows.length - 1]!.id;
  }
}

describe("record search and paging", () => {
  test("a common prefix pages through every match once, newest first", () => {
    const db = seeded();
    const names = everyPage(db, { text: "sam", e164: null });
    expect(names).toHaveLength(3000);
    expect(new Set(names).size).toBe(3000);
    expect(names[0]).toBe("Sam 2999");
  });

  test("a rare prefix matches names, last names and emails of the type only", () => {
    const db = seeded();
    expect(everyPage(db, { text: "zed", e164: null })).toEqual(["Ann Zedd", "Zed Quinn"]);
    expect(everyPage(db, { text: "zq@", e164: null })).toEqual(["Zed Quinn"]);
  });

  test("a phone finds its record; LIKE wildcards in the query are literal", () => {
    const db = seeded();
    expect(everyPage(db, { text: "07700900042", e164: "+447700900042" })).toEqual(["Sam 42"]);
    expect(everyPage(db, { text: "%", e164: null })).toEqual([]);
    expect(everyPage(db, { text: "_am", e164: null })).toEqual([]);
  });

  test("without a search every record pages once", () => {
    expect(everyPage(seeded(), null)).toHaveLength(3002);
  });
});
