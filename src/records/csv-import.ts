import { write } from "../db/write.ts";
import Papa from "papaparse";
import type { CountryCode } from "libphonenumber-js";
import type { Db } from "../db/open.ts";
import { validateRecordForm } from "./validate.ts";
import { createRecord } from "./records.ts";

/**
 * CSV import for contacts and leads: parse, map columns to fields, then create each row through the
 * same validation as the form. Rows that fail are refused with their line number and the reason.
 */

export type ImportType = "contact" | "lead";
export const MAX_ROWS = 50_000;

/** Fields a column can be mapped to. `full_name` is split into first and last name. */
const PERSON_TARGETS = [
  { name: "full_name", label: "Full name" },
  { name: "first_name", label: "First name" },
  { name: "last_name", label: "Last name" },
  { name: "email", label: "Email" },
  { name: "phone", label: "Phone" },
  { name: "phone2", label: "Second phone" },
];
const NOTES_TARGET = { name: "notes", label: "Notes" };
export const TARGETS: Record<ImportType, { name: string; label: string }[]> = {
  contact: [...PERSON_TARGETS, NOTES_TARGET],
  lead: [
    ...PERSON_TARGETS,
    { name: "company", label: "Company" },
    { name: "status", label: "Status" },
    NOTES_TARGET,
  ],
};

/**
 * The file's text: UTF-8 when it is valid UTF-8, otherwise Windows-1252, which is what Excel on
 * Windows writes for "CSV (Comma delimited)" (so "Müller" does not turn into "M\uFFFDller").
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** `rowNumbers[i]` is the spreadsheet row of `rows[i]`: blank rows are skipped but still counted. */
export type ParsedCsv = { headers: string[]; rows: string[][]; rowNumbers: number[] };

const blank = (row: string[]) => row.every((c) => c.trim() === "");

export function parseCsv(text: string): { ok: true; csv: ParsedCsv } | { ok: false; error: string } {
  // Blank rows are kept by the parser so a refused row is reported under the number a spreadsheet shows.
  // Papa guesses the delimiter (comma, semicolon, tab…) well only when blank rows are skipped.
  const body = text.replace(/^\uFEFF/, "");
  const delimiter = Papa.parse<string[]>(body, { skipEmptyLines: "greedy", preview: 100 }).meta.delimiter;
  const data = Papa.parse<string[]>(body, { skipEmptyLines: false, delimiter }).data;
  const headIndex = data.findIndex((r) => !blank(r));
  if (headIndex < 0) return { ok: false, error: "The file is empty." };
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  data.forEach((row, i) => {
    if (i <= headIndex || blank(row)) return;
    rows.push(row);
    rowNumbers.push(i + 1);
  });
  if (rows.length === 0) return { ok: false, error: "The file has a header row but no data rows." };
  if (rows.length > MAX_ROWS)
    return {
      ok: false,
      error: `At most ${MAX_ROWS.toLocaleString("en")} rows per import; this file has ${rows.length.toLocaleString("en")}.`,
    };
  return {
    ok: true,
    csv: { headers: data[headIndex]!.map((h, i) => h.trim() || `Column ${i + 1}`), rows, rowNumbers },
  };
}

const GUESSES: Record<string, RegExp> = {
  full_name: /^(full ?name|name|contact( name)?)$/i,
  first_name: /^(first[ _]?name|given[ _]?name|forename|first)$/i,
  last_name: /^(last[ _]?name|surname|family[ _]?name|last)$/i,
  email: /^(e-?mail( address)?)$/i,
  phone: /^(phone|mobile|cell|tel(ephone)?|whatsapp|phone number|mobile phone)( ?1)?$/i,
  phone2: /^(phone ?2|other phone|work phone|home phone|landline)$/i,
  company: /^(company|organi[sz]ation|business)$/i,
  status: /^(status|lead status)$/i,
  notes: /^(notes?|comments?|description)$/i,
};

/** A first guess at the mapping from the header names; the person confirms it on the next page. */
export function guessMapping(type: ImportType, headers: string[]): Record<string, number | null> {
  const mapping: Record<string, number | null> = {};
  for (const t of TARGETS[type]) {
    const i = headers.findIndex((h) => GUESSES[t.name]?.test(h.trim()));
    mapping[t.name] = i >= 0 ? i : null;
  }
  return mapping;
}

export type ImportReport = { imported: number; refused: { row: number; reason: string }[] };

function cell(row: string[], index: number | null | undefined): string {
  return index === null || index === undefined ? "" : (row[index] ?? "").trim();
}

const SUFFIX = /^(jr|sr|ii|iii|iv|phd|md|esq|inc|ltd|llc|gmbh|co)\.?$/i;

/** "Ann Lee" → Ann / Lee; "Lee, Ann" (how many address books export) → Ann / Lee; "Bob Day, Jr." and "Acme, Inc." stay in order. */
function splitFullName(full: string): [string, string] {
  const comma = full.split(",").map((s) => s.trim());
  if (comma.length === 2 && comma[0] && comma[1] && !SUFFIX.test(comma[1])) return [comma[1], comma[0]];
  const words = full.split(/\s+/);
  return [words[0] ?? "", words.slice(1).join(" ")];
}

/** The form values a CSV row stands for under a mapping. */
function rowValues(
  type: ImportType,
  row: string[],
  mapping: Record<string, number | null>,
): Record<string, string> {
  let first = cell(row, mapping.first_name);
  let last = cell(row, mapping.last_name);
  const full = cell(row, mapping.full_name);
  if (!first && !last && full) [first, last] = splitFullName(full);
  const values: Record<string, string> = {
    first_name: first,
    last_name: last,
    email: cell(row, mapping.email),
    notes: cell(row, mapping.notes),
    phones: [cell(row, mapping.phone), cell(row, mapping.phone2)].filter(Boolean).join("\n"),
  };
  if (type === "lead") {
    values.company = cell(row, mapping.company);
    values.status = cell(row, mapping.status).toLowerCase() || "new";
  }
  return values;
}

/** A number or email that already belongs to a record of this type: importing the same sheet twice adds nothing. */
function existingOwner(db: Db, type: ImportType, e164s: string[], email: string | null): string | null {
  for (const e164 of e164s) {
    if (db.query("SELECT 1 FROM record_phones WHERE e164 = ? AND record_type = ?").get(e164, type))
      return e164;
  }
  // email is COLLATE NOCASE, so this reads the (type, email) index and ignores case.
  if (email && db.query("SELECT 1 FROM records WHERE type = ? AND email = ?").get(type, email)) return email;
  return null;
}

/**
 * Imports every row it can, in one transaction per 500 rows, letting other requests run between
 * batches (a big file must not freeze the inbox). Row numbers are the spreadsheet's: the header is
 * row 1 and blank rows count (a quoted cell spanning several lines is still one row).
 */
export async function importRows(
  db: Db,
  type: ImportType,
  csv: ParsedCsv,
  mapping: Record<string, number | null>,
  region: CountryCode | undefined,
  now: number,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, refused: [] };
  const batch = 500;
  for (let start = 0; start < csv.rows.length; start += batch) {
    if (start > 0) await Bun.sleep(0);
    write(db, () => {
      csv.rows.slice(start, start + batch).forEach((row, i) => {
        const line = csv.rowNumbers[start + i]!;
        const values = rowValues(type, row, mapping);
        const result = validateRecordForm(db, type, values, region);
        if (!result.ok) {
          const [field, message] = Object.entries(result.errors)[0]!;
          report.refused.push({ row: line, reason: `${field.replace("_", " ")}: ${message}` });
          return;
        }
        if (result.phones.length === 0 && !result.input.email) {
          report.refused.push({ row: line, reason: "no phone number or email to reach them by" });
          return;
        }
        const taken = existingOwner(
          db,
          type,
          result.phones.map((p) => p.e164),
          result.input.email,
        );
        if (taken) {
          report.refused.push({ row: line, reason: `a ${type} with ${taken} already exists` });
          return;
        }
        createRecord(db, type, result.input, result.phones, now);
        report.imported++;
      });
    });
  }
  return report;
}
