import type { Db } from "../db/open.ts";
import { isPerson, type InputColumn, type RecordType } from "./fields.ts";

/** SQL for records and their phones. Every list query is keyset-paged on (type, id DESC). */

export type RecordRow = {
  id: number;
  type: RecordType;
  name: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  company: string | null;
  status: string | null;
  stage: string | null;
  amount_cents: number | null;
  account_id: number | null;
  contact_id: number | null;
  owner_user_id: number | null;
  group_jid: string | null;
  notes: string;
  created_at: number;
  updated_at: number;
};

/** The columns a form may set (the display `name` of people is derived from their names). */
export type RecordInput = Pick<RecordRow, InputColumn>;

export type PhoneInput = { e164: string; original: string };
export type PhoneRow = PhoneInput & { id: number };

export function displayName(
  type: RecordType,
  input: Pick<RecordInput, "first_name" | "last_name" | "name">,
): string {
  if (!isPerson(type)) return input.name;
  return [input.first_name, input.last_name]
    .filter((s) => s?.trim())
    .join(" ")
    .trim();
}

export function getRecord(db: Db, id: number): RecordRow | null {
  return db.query<RecordRow, [number]>("SELECT * FROM records WHERE id = ?").get(id);
}

export function getRecordOfType(db: Db, type: RecordType, id: number): RecordRow | null {
  return db
    .query<RecordRow, [number, string]>("SELECT * FROM records WHERE id = ? AND type = ?")
    .get(id, type);
}

function params(type: RecordType, input: RecordInput) {
  return {
    name: displayName(type, input),
    first_name: input.first_name,
    last_name: input.last_name,
    email: input.email,
    company: input.company,
    status: input.status,
    stage: input.stage,
    amount_cents: input.amount_cents,
    account_id: input.account_id,
    contact_id: input.contact_id,
    owner_user_id: input.owner_user_id,
    group_jid: input.group_jid,
    notes: input.notes,
  };
}

export function insertRecord(db: Db, type: RecordType, input: RecordInput, now: number): number {
  const row = db
    .query<{ id: number }, Record<string, string | number | null>>(
      // Numbered above every id ever used (0009_record_ids.sql): a deleted record's id is never reused.
      `INSERT INTO records (id, type, name, first_name, last_name, email, company, status, stage, amount_cents, account_id, contact_id, owner_user_id, group_jid, notes, created_at, updated_at)
       VALUES (max(coalesce((SELECT max(id) FROM records), 0), (SELECT n FROM record_id_high_water)) + 1, $type, $name, $first_name, $last_name, $email, $company, $status, $stage, $amount_cents, $account_id, $contact_id, $owner_user_id, $group_jid, $notes, $now, $now)
       RETURNING id`,
    )
    .get({ type, ...params(type, input), now })!;
  return row.id;
}

export function updateRecord(db: Db, record: RecordRow, input: RecordInput, now: number): void {
  db.query(
    `UPDATE records SET name = $name, first_name = $first_name, last_name = $last_name, email = $email, company = $company, status = $status,
       stage = $stage, amount_cents = $amount_cents, account_id = $account_id, contact_id = $contact_id, owner_user_id = $owner_user_id,
       group_jid = $group_jid, notes = $notes, updated_at = $now WHERE id = $id`,
  ).run({ ...params(record.type, input), now, id: record.id });
}

export function deleteRecord(db: Db, id: number): void {
  db.query("DELETE FROM records WHERE id = ?").run(id);
}

export function recordPhones(db: Db, recordId: number): PhoneRow[] {
  return db
    .query<PhoneRow, [number]>(
      "SELECT id, e164, original FROM record_phones WHERE record_id = ? ORDER BY position, id",
    )
    .all(recordId);
}

/** Replaces a record's phones (duplicates by E.164 dropped); true when the set of numbers changed. */
export function replacePhones(
  db: Db,
  record: { id: number; type: RecordType },
  phones: PhoneInput[],
): boolean {
  const before = new Set(recordPhones(db, record.id).map((p) => p.e164));
  db.query("DELETE FROM record_phones WHERE record_id = ?").run(record.id);
  const insert = db.query(
    "INSERT INTO record_phones (record_type, record_id, e164, original, position) VALUES (?, ?, ?, ?, ?)",
  );
  const seen = new Set<string>();
  phones.forEach((p, i) => {
    if (seen.has(p.e164)) return;
    seen.add(p.e164);
    insert.run(record.type, record.id, p.e164, p.original, i);
  });
  return before.size !== seen.size || [...seen].some((e) => !before.has(e));
}

export type ListQuery = {
  type: RecordType;
  search: SearchTerms | null;
  before: number | null;
  limit: number;
};
/** A search as the list understands it: a text prefix, and the E.164 form when the text was a phone number. */
export type SearchTerms = { text: string; e164: string | null };

export type ListRow = RecordRow & { phone: string | null };

/** Beyond this many prefix hits the matches are dense, and walking the type's newest records finds a page sooner. */
const DENSE = 2000;

/**
 * One page of a type's records, newest first. Search matches a name, last name or email by prefix
 * or a phone by its E.164 form. Rare terms are read from those indexes (the hits, then paged by id);
 * common ones (a single letter) walk the type's id index and stop at a page of matches. Either way
 * the work is bounded, whatever the number of records.
 */
export function listRecords(db: Db, q: ListQuery): ListRow[] {
  const before = q.before ?? Number.MAX_SAFE_INTEGER;
  const select = `SELECT r.*, (SELECT original FROM record_phones p WHERE p.record_id = r.id ORDER BY position, id LIMIT 1) AS phone FROM records r`;
  if (!q.search) {
    return db
      .query<ListRow, [string, number, number]>(
        `${select} WHERE r.type = ? AND r.id < ? ORDER BY r.id DESC LIMIT ?`,
      )
      .all(q.type, before, q.limit);
  }
  const args = {
    prefix: `${escapeLike(q.search.text)}%`,
    e164: q.search.e164 ?? "",
    type: q.type,
    before,
    limit: q.limit,
  };
  const dense =
    db
      .query<{ n: number }, { prefix: string; type: string }>(
        `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM records WHERE type = $type AND name LIKE $prefix ESCAPE '\\' LIMIT ${DENSE}))
         + (SELECT COUNT(*) FROM (SELECT 1 FROM records WHERE type = $type AND last_name LIKE $prefix ESCAPE '\\' AND last_name IS NOT NULL LIMIT ${DENSE}))
         + (SELECT COUNT(*) FROM (SELECT 1 FROM records WHERE type = $type AND email LIKE $prefix ESCAPE '\\' AND email IS NOT NULL LIMIT ${DENSE})) AS n`,
      )
      .get({ prefix: args.prefix, type: q.type })!.n >= DENSE;
  if (dense) {
    return db
      .query<ListRow, typeof args>(
        `${select} WHERE r.type = $type AND r.id < $before AND (r.name LIKE $prefix ESCAPE '\\' OR r.last_name LIKE $prefix ESCAPE '\\'
           OR r.email LIKE $prefix ESCAPE '\\' OR r.id IN (SELECT record_id FROM record_phones WHERE e164 = $e164))
         ORDER BY r.id DESC LIMIT $limit`,
      )
      .all(args);
  }
  return db
    .query<ListRow, typeof args>(
      `WITH hits(id) AS (
         SELECT id FROM records WHERE type = $type AND name LIKE $prefix ESCAPE '\\'
         UNION SELECT id FROM records WHERE type = $type AND last_name LIKE $prefix ESCAPE '\\' AND last_name IS NOT NULL
         UNION SELECT id FROM records WHERE type = $type AND email LIKE $prefix ESCAPE '\\' AND email IS NOT NULL
         UNION SELECT record_id FROM record_phones WHERE e164 = $e164 AND record_type = $type
       )
       ${select} WHERE r.id IN (SELECT id FROM hits) AND r.type = $type AND r.id < $before ORDER BY r.id DESC LIMIT $limit`,
    )
    .all(args);
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Records of some types matching a name prefix or phone, for pickers (link a conversation, recipient search). */
export function searchAcrossTypes(
  db: Db,
  search: SearchTerms,
  types: readonly RecordType[],
  limit: number,
): ListRow[] {
  const rows: ListRow[] = [];
  for (const type of types) rows.push(...listRecords(db, { type, search, before: null, limit }));
  return rows.sort((a, b) => b.id - a.id).slice(0, limit);
}

export function recordNamesByIds(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .query<{ id: number; name: string }, number[]>(
      `SELECT id, name FROM records WHERE id IN (${ids.map(() => "?").join(",")})`,
    )
    .all(...ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Accounts or contacts for a form's select (the first 500 by name; a bigger CRM types to search). */
export function recordOptions(db: Db, type: "account" | "contact"): { id: number; name: string }[] {
  return db
    .query<{ id: number; name: string }, [string]>(
      "SELECT id, name FROM records WHERE type = ? ORDER BY name LIMIT 500",
    )
    .all(type);
}

/**
 * Other records of a type that hold one of these numbers (at most a few per number): a new number
 * shared with them makes every workflow answer that customer once per record.
 */
export function recordsWithPhones(
  db: Db,
  type: RecordType,
  e164s: string[],
  exceptId: number | null,
): { e164: string; id: number; name: string }[] {
  const find = db.query<{ e164: string; id: number; name: string }, [string, string, number]>(
    `SELECT p.e164, r.id, r.name FROM record_phones p JOIN records r ON r.id = p.record_id
     WHERE p.e164 = ? AND p.record_type = ? AND p.record_id != ? ORDER BY r.id LIMIT 4`,
  );
  return e164s.flatMap((e164) => find.all(e164, type, exceptId ?? 0));
}

/** Records holding any of these numbers (each number looked up by its index). */
export function recordsByPhone(
  db: Db,
  e164s: string[],
): { e164: string; type: RecordType; id: number; name: string }[] {
  const find = db.query<{ e164: string; type: RecordType; id: number; name: string }, [string]>(
    `SELECT p.e164, r.type, r.id, r.name FROM record_phones p JOIN records r ON r.id = p.record_id
     WHERE p.e164 = ? ORDER BY r.id LIMIT 4`,
  );
  return e164s.flatMap((e164) => find.all(e164));
}
