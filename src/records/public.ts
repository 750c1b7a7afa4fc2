import type { Db } from "../db/open.ts";
import { findUser } from "../auth/users-store.ts";
import { linksOf } from "../messaging/links.ts";
import { normalizePhone } from "../phone.ts";
import {
  FIELDS,
  RECORD_TYPES,
  isPerson,
  isRecordType,
  recordHref,
  recordTypeLabel,
  type RecordType,
} from "./fields.ts";
import { conversationLinks, firstRecordNames, linkConversation } from "./linking.ts";
import { searchPhone } from "./phones.ts";
import { defaultRegion } from "./settings.ts";
import { getRecord, recordPhones, recordsByPhone, searchAcrossTypes } from "./store.ts";
import { applyField } from "./validate.ts";
import { saveRecord } from "./records.ts";
import { insertAttachment } from "./attachments.ts";
import {
  customerInvoices,
  formatCents,
  invoicesForPhone,
  latestInvoiceOf,
  type InvoiceRow,
} from "./invoices/store.ts";
import { renderInvoicePdf } from "./invoices/pdf.ts";

/**
 * What other features may use of customer records. Workflows, the inbox and the API call these;
 * nobody else reads the records tables.
 */

export {
  RECORD_TYPES,
  recordTypeLabel,
  isRecordType,
  linkConversation,
  conversationLinks,
  firstRecordNames,
  renderInvoicePdf,
  formatCents,
};
export type { RecordType, InvoiceRow };
export type RecordRef = { type: RecordType; id: number };

function rowOf(db: Db, ref: RecordRef) {
  const row = getRecord(db, ref.id);
  return row && row.type === ref.type ? row : null;
}

/** The records a conversation is linked to, optionally of one type. */
export function recordsLinkedTo(db: Db, conversationId: number, type?: RecordType): RecordRef[] {
  return linksOf(db, conversationId, type) as RecordRef[];
}

export function getRecordSummary(
  db: Db,
  ref: RecordRef,
): { type: RecordType; id: number; name: string; ownerUserId: number | null; href: string } | null {
  const row = rowOf(db, ref);
  return row
    ? {
        type: row.type,
        id: row.id,
        name: row.name,
        ownerUserId: row.owner_user_id,
        href: recordHref(row.type, row.id),
      }
    : null;
}

/** Every field of a record, as workflow expressions see it under `record.*`. */
export function recordData(db: Db, ref: RecordRef): Record<string, unknown> | null {
  const row = rowOf(db, ref);
  if (!row) return null;
  const phones = recordPhones(db, row.id).map((p) => p.e164);
  const owner = row.owner_user_id ? findUser(db, row.owner_user_id) : null;
  const [first = "", ...rest] = row.name.split(/\s+/);
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    first_name: isPerson(row.type) ? (row.first_name ?? "") : first,
    last_name: isPerson(row.type) ? (row.last_name ?? "") : rest.join(" "),
    email: row.email ?? "",
    company: row.company ?? "",
    status: row.status ?? "",
    stage: row.stage ?? "",
    amount: row.amount_cents === null ? null : row.amount_cents / 100,
    account_id: row.account_id,
    contact_id: row.contact_id,
    owner_user_id: row.owner_user_id,
    owner: owner ? { name: owner.name, email: owner.email } : null,
    group_jid: row.group_jid ?? "",
    notes: row.notes,
    phone: phones[0] ?? "",
    phones,
    url: recordHref(row.type, row.id),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

/** The fields a workflow's "Update a field" step may set (references to other records are not offered). */
export function updatableFields(
  type: RecordType,
): { name: string; label: string; kind: "text" | "number" | "select"; options?: string[] }[] {
  type Updatable = { name: string; label: string; kind: "text" | "number" | "select"; options?: string[] };
  return FIELDS[type].flatMap((f): Updatable[] => {
    if (f.kind === "select")
      return [{ name: f.name, label: f.label, kind: "select" as const, options: [...f.options!] }];
    if (f.kind === "number") return [{ name: f.name, label: f.label, kind: "number" as const }];
    if (f.kind === "text" || f.kind === "email" || f.kind === "textarea")
      return [{ name: f.name, label: f.label, kind: "text" as const }];
    return [];
  });
}

/** Sets one field, validated as the record form validates it. */
export function updateRecordField(
  db: Db,
  ref: RecordRef,
  field: string,
  value: string,
  now: number,
): { ok: true } | { ok: false; error: string } {
  const row = rowOf(db, ref);
  if (!row) return { ok: false, error: `${recordTypeLabel(ref.type)} ${ref.id} no longer exists` };
  if (!updatableFields(ref.type).some((f) => f.name === field))
    return { ok: false, error: `a ${ref.type}'s "${field}" cannot be set here` };
  const applied = applyField(db, row, field, value);
  if (!applied.ok) return applied;
  saveRecord(db, row, applied.input, null, now);
  return { ok: true };
}

/** The customer's newest invoice or quote: the record's own, or its account's, contact's or deals'. */
export function latestInvoice(
  db: Db,
  ref: RecordRef,
  kind: "invoice" | "quote" | "any",
): { id: number; number: string; kind: "invoice" | "quote" } | null {
  return latestInvoiceOf(db, ref.id, kind);
}

/** Keeps a file (already in the media store) on a record; returns the attachment id. */
export function addAttachment(
  db: Db,
  ref: RecordRef,
  file: { sha256: string; mime: string; size: number; fileName: string },
  now: number,
  userId: number | null,
): number {
  return insertAttachment(db, ref.id, file, now, userId);
}

/**
 * Invoices and quotes of a customer: of the record `customer` names ("type:id"), else of whoever
 * has this phone number (read in the default region).
 */
export function invoicesOfCustomer(db: Db, customer: string, phone: string, limit: number): InvoiceRow[] {
  const m = /^([a-z]+):(\d{1,12})$/.exec(customer);
  if (m && isRecordType(m[1]!)) return customerInvoices(db, Number(m[2]), limit);
  const e164 = phone.trim() ? normalizePhone(phone, defaultRegion(db)) : null;
  return e164?.ok ? invoicesForPhone(db, e164.e164, limit) : [];
}

/** Customers (contacts, leads, accounts) matching a name or number: one entry per phone. */
export function customerPhones(db: Db, query: string, limit: number): { label: string; phone: string }[] {
  return cardCandidates(db, query, limit)
    .flatMap((r) => r.phones.map((phone) => ({ label: r.label, phone })))
    .slice(0, limit);
}

/** The record each number belongs to (its first by id), with its page: a shared contact card's buttons. */
export function recordsForPhones(db: Db, e164s: string[]): Map<string, { name: string; href: string }> {
  const out = new Map<string, { name: string; href: string }>();
  for (const r of recordsByPhone(db, [...new Set(e164s)].slice(0, 100)))
    if (!out.has(r.e164)) out.set(r.e164, { name: r.name, href: recordHref(r.type, r.id) });
  return out;
}

/**
 * A record as a contact card to send: its name and every phone. Only people and accounts (the types
 * that have numbers of their own); null when the record is none of them or has no phone.
 */
export function contactCardOf(
  db: Db,
  id: number,
): { name: string; phones: { raw: string; e164: string }[] } | null {
  const row = getRecord(db, id);
  if (!row || !["contact", "lead", "account"].includes(row.type)) return null;
  const phones = recordPhones(db, id).map((p) => ({ raw: p.e164, e164: p.e164 }));
  return phones.length ? { name: row.name, phones } : null;
}

/** Contacts, leads and accounts with a phone, matching a name or number: the contact-card picker. */
export function cardCandidates(
  db: Db,
  query: string,
  limit: number,
): { id: number; label: string; phones: string[] }[] {
  const hits = searchAcrossTypes(
    db,
    { text: query, e164: searchPhone(query, defaultRegion(db)) },
    ["contact", "lead", "account"],
    limit,
  );
  return hits
    .map((r) => ({
      id: r.id,
      label: `${r.name} (${recordTypeLabel(r.type)})`,
      phones: recordPhones(db, r.id).map((p) => p.e164),
    }))
    .filter((r) => r.phones.length > 0);
}
