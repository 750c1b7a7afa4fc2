import type { Db } from "../db/open.ts";
import type { ContactJson, NewContactJson } from "../api/contacts.ts";
import { listRecords, recordPhones, type RecordRow } from "./store.ts";
import { validateRecordForm } from "./validate.ts";
import { createRecord } from "./records.ts";
import { defaultRegion } from "./settings.ts";
import { searchPhone } from "./phones.ts";

/**
 * Contacts as the REST API (src/api/contacts.ts) sees them: the same search, validation, phone
 * normalisation and linking as the pages.
 */

function contactJson(db: Db, row: RecordRow): ContactJson {
  return {
    id: row.id,
    name: row.name,
    phones: recordPhones(db, row.id).map((p) => ({ e164: p.e164, raw: p.original })),
    email: row.email,
    notes: row.notes,
    created_at: new Date(row.created_at).toISOString(),
  };
}

export type ContactsAdapter = {
  list(db: Db, q: { search: string | undefined; cursor: number | null; limit: number }): ContactJson[];
  create(
    db: Db,
    input: NewContactJson,
    now: number,
  ): { ok: true; contact: ContactJson } | { ok: false; field: string; message: string };
};

export const recordsContactsAdapter: ContactsAdapter = {
  list(db, q) {
    const search = q.search?.trim()
      ? { text: q.search.trim(), e164: searchPhone(q.search, defaultRegion(db)) }
      : null;
    return listRecords(db, { type: "contact", search, before: q.cursor, limit: q.limit }).map((r) =>
      contactJson(db, r),
    );
  },
  create(db, input, now) {
    const [first = "", ...rest] = input.name.trim().split(/\s+/);
    const form = {
      first_name: first,
      last_name: rest.join(" "),
      email: input.email ?? "",
      notes: input.notes ?? "",
      phones: input.phones.join("\n"),
    };
    const result = validateRecordForm(db, "contact", form, defaultRegion(db));
    if (!result.ok) {
      const [field, message] = Object.entries(result.errors)[0]!;
      return { ok: false, field: field === "first_name" ? "name" : field, message };
    }
    return {
      ok: true,
      contact: contactJson(db, createRecord(db, "contact", result.input, result.phones, now)),
    };
  },
};
