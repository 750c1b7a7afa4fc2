import type { Db } from "../db/open.ts";
import type { ContactJson, NewContactJson } from "./contacts.ts";

/**
 * The API's view of the records feature's contacts. The records feature owns the tables and the
 * phone rules; this file only translates. Until it lands the contacts endpoints answer 503.
 */
export type ContactsAdapter = {
  list(db: Db, q: { search: string | undefined; cursor: number | null; limit: number }): ContactJson[];
  create(db: Db, input: NewContactJson, now: number): { ok: true; contact: ContactJson } | { ok: false; field: string; message: string };
};

export const contactsAdapter: ContactsAdapter | null = null;
