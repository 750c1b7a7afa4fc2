import { describe, expect, test } from "bun:test";
import { guessMapping, importRows, parseCsv } from "../../src/records/csv-import.ts";
import { makeRecordsFixture } from "./fixtures.ts";
import { inbound } from "../inbox/fixtures.ts";

const MESSY = [
  "\uFEFFName,E-mail,Mobile,Other phone,Notes",
  "Ann Lee,ann@example.com,07700 900123,,likes tea",
  '"Smith, Bob",bob@example.com,+44 (0)7700 900456,0044 7700 900457,"multi',
  'line note"',
  ",nobody@example.com,07700 900999,,",
  "Carl Bad Phone,carl@example.com,07700-call-me,,",
  "Dora Dup,dora@example.com,+447700900123,,",
  "Eve NoContact,,,,",
  "Fay Bad Mail,fay@@example,07700 900777,,",
  "",
  "  Gus  Spaces  ,gus@example.com,  7700900888 ,,",
].join("\r\n");

describe("CSV import", () => {
  test("messy rows: numbers normalised with the default region, bad rows refused with their line and reason", async () => {
    const f = makeRecordsFixture();
    const parsed = parseCsv(MESSY);
    if (!parsed.ok) throw new Error(parsed.error);
    const mapping = guessMapping("contact", parsed.csv.headers);
    expect(mapping).toMatchObject({ full_name: 0, email: 1, phone: 2, phone2: 3, notes: 4 });
    const report = await importRows(f.db, "contact", parsed.csv, mapping, "GB", f.now());
    expect(report.imported).toBe(3);
    expect(report.refused).toEqual([
      { row: 4, reason: "first name: Required" },
      { row: 5, reason: expect.stringContaining("phones:") },
      { row: 6, reason: "a contact with +447700900123 already exists" },
      { row: 7, reason: "no phone number or email to reach them by" },
      { row: 8, reason: "email: Not a valid email address" },
    ]);
    const phones = f.db
      .query<{ name: string; e164: string }, []>(
        "SELECT r.name, p.e164 FROM records r JOIN record_phones p ON p.record_id = r.id ORDER BY p.id",
      )
      .all();
    expect(phones).toEqual([
      { name: "Ann Lee", e164: "+447700900123" },
      { name: "Bob Smith", e164: "+447700900456" },
      { name: "Bob Smith", e164: "+447700900457" },
      { name: "Gus Spaces", e164: "+447700900888" },
    ]);
  });

  test("imported contacts link the conversations already held with their numbers", async () => {
    const f = makeRecordsFixture();
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    const parsed = parseCsv("First name,Last name,Phone\nAnn,Lee,07700 900123\n");
    if (!parsed.ok) throw new Error(parsed.error);
    await importRows(f.db, "contact", parsed.csv, guessMapping("contact", parsed.csv.headers), "GB", f.now());
    expect(f.db.query("SELECT record_type FROM conversation_links").all()).toEqual([
      { record_type: "contact" },
    ]);
  });

  test("leads take a status; an unknown status is refused", async () => {
    const f = makeRecordsFixture();
    const parsed = parseCsv(
      "Name,Company,Status,Phone\nAnn Lee,Acme,Qualified,+447700900123\nBob,Globex,hot,+447700900124\nCy,,,+447700900125\n",
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const report = await importRows(
      f.db,
      "lead",
      parsed.csv,
      guessMapping("lead", parsed.csv.headers),
      undefined,
      f.now(),
    );
    expect(report.imported).toBe(2);
    expect(report.refused).toEqual([{ row: 3, reason: expect.stringContaining("status: Pick one of") }]);
    expect(f.db.query("SELECT name, company, status FROM records ORDER BY id").all()).toEqual([
      { name: "Ann Lee", company: "Acme", status: "qualified" },
      { name: "Cy", company: null, status: "new" },
    ]);
  });

  test("refused rows are numbered as a spreadsheet shows them, blank rows included", async () => {
    const f = makeRecordsFixture();
    // Semicolons, a blank row after the header, two trailing blank rows, then a refused row.
    const parsed = parseCsv("\uFEFFName;Phone\r\n\r\nAnn Lee;07700 900123\r\n;;\r\n\r\nNo Phone;\r\n");
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.csv.rows).toHaveLength(2);
    const report = await importRows(
      f.db,
      "contact",
      parsed.csv,
      guessMapping("contact", parsed.csv.headers),
      "GB",
      f.now(),
    );
    expect(report).toEqual({
      imported: 1,
      refused: [{ row: 6, reason: "no phone number or email to reach them by" }],
    });
  });

  test("importing the same file twice adds nothing, rows with only an email included", async () => {
    const f = makeRecordsFixture();
    const parsed = parseCsv(
      "Name,Email,Phone\nAnn Lee,ann@example.com,\nBob Day,,07700 900124\nCy Fox,CY@example.com,\nCy Twin,cy@EXAMPLE.com,\n",
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const mapping = guessMapping("contact", parsed.csv.headers);
    const first = await importRows(f.db, "contact", parsed.csv, mapping, "GB", f.now());
    expect(first.imported).toBe(3);
    expect(first.refused).toEqual([{ row: 5, reason: "a contact with cy@EXAMPLE.com already exists" }]);
    const second = await importRows(f.db, "contact", parsed.csv, mapping, "GB", f.now());
    expect(second.imported).toBe(0);
    expect(f.db.query("SELECT COUNT(*) AS n FROM records").get()).toEqual({ n: 3 });
  });

  test("a full name written 'Last, First' is split the right way round", async () => {
    const f = makeRecordsFixture();
    const parsed = parseCsv(
      'Name,Phone\n"Lee, Ann Marie",07700 900123\nBob van Dijk,07700 900124\n"Cy Day, Jr.",07700 900125\n"Acme, Inc.",07700 900126\n',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    await importRows(f.db, "contact", parsed.csv, guessMapping("contact", parsed.csv.headers), "GB", f.now());
    expect(f.db.query("SELECT first_name, last_name, name FROM records ORDER BY id").all()).toEqual([
      { first_name: "Ann Marie", last_name: "Lee", name: "Ann Marie Lee" },
      { first_name: "Bob", last_name: "van Dijk", name: "Bob van Dijk" },
      { first_name: "Cy", last_name: "Day, Jr.", name: "Cy Day, Jr." },
      { first_name: "Acme,", last_name: "Inc.", name: "Acme, Inc." },
    ]);
  });

  test("an empty file or a header alone is refused", () => {
    expect(parseCsv("")).toEqual({ ok: false, error: "The file is empty." });
    expect(parseCsv("Name,Phone\n\n , \n")).toEqual({
      ok: false,
      error: "The file has a header row but no data rows.",
    });
  });
});
