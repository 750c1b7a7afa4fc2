import { write } from "../../db/write.ts";
import type { Db } from "../../db/open.ts";

/** Invoices and quotes: SQL and the arithmetic of totals (integer cents, tax rounded once). */

export type InvoiceKind = "invoice" | "quote";
export const INVOICE_STATUSES = ["draft", "sent", "paid", "void"] as const;
export const QUOTE_STATUSES = ["draft", "sent", "accepted", "declined"] as const;

/** What an invoice form sets; the row adds the totals computed from its lines. */
type InvoiceFields = {
  kind: InvoiceKind;
  number: string;
  record_id: number;
  issue_date: string;
  status: string;
  tax_percent: number;
  notes: string;
};

export type InvoiceRow = InvoiceFields & {
  id: number;
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  created_at: number;
  updated_at: number;
};

export type LineInput = { description: string; quantity: number; unit_price_cents: number };
export type LineRow = LineInput & { id: number; position: number; amount_cents: number };
export type InvoiceInput = InvoiceFields & { lines: LineInput[] };

export function totals(
  lines: LineInput[],
  taxPercent: number,
): { subtotal: number; tax: number; total: number; amounts: number[] } {
  const amounts = lines.map((l) => Math.round(l.quantity * l.unit_price_cents));
  const subtotal = amounts.reduce((a, b) => a + b, 0);
  const tax = Math.round((subtotal * taxPercent) / 100);
  return { subtotal, tax, total: subtotal + tax, amounts };
}

export function getInvoice(db: Db, id: number): InvoiceRow | null {
  return db.query<InvoiceRow, [number]>("SELECT * FROM invoices WHERE id = ?").get(id);
}

export function invoiceLines(db: Db, invoiceId: number): LineRow[] {
  return db
    .query<LineRow, [number]>("SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY position, id")
    .all(invoiceId);
}

export function invoicesOf(db: Db, recordId: number): InvoiceRow[] {
  return db
    .query<InvoiceRow, [number]>(
      "SELECT * FROM invoices WHERE record_id = ? ORDER BY issue_date DESC, id DESC",
    )
    .all(recordId);
}

export function numberTaken(db: Db, number: string, exceptId: number | null): boolean {
  return (
    db
      .query<{ id: number }, [string, number]>("SELECT id FROM invoices WHERE number = ? AND id != ?")
      .get(number, exceptId ?? 0) !== null
  );
}

/** The next free number of a kind: INV-0001, Q-0001, … */
export function nextNumber(db: Db, kind: InvoiceKind): string {
  const prefix = kind === "invoice" ? "INV-" : "Q-";
  const count = db
    .query<{ n: number }, [string]>("SELECT COUNT(*) AS n FROM invoices WHERE kind = ?")
    .get(kind)!.n;
  for (let n = count + 1; ; n++) {
    const candidate = `${prefix}${String(n).padStart(4, "0")}`;
    if (!numberTaken(db, candidate, null)) return candidate;
  }
}

/** Creates or replaces an invoice and its lines in one transaction; returns its id. */
export function saveInvoice(db: Db, input: InvoiceInput, now: number, id: number | null): number {
  const t = totals(input.lines, input.tax_percent);
  return write(db, () => {
    const values = {
      kind: input.kind,
      number: input.number,
      record: input.record_id,
      date: input.issue_date,
      status: input.status,
      tax: input.tax_percent,
      subtotal: t.subtotal,
      taxCents: t.tax,
      total: t.total,
      notes: input.notes,
      now,
    };
    let invoiceId = id;
    if (invoiceId === null) {
      invoiceId = db
        .query<{ id: number }, Record<string, string | number>>(
          `INSERT INTO invoices (kind, number, record_id, issue_date, status, tax_percent, subtotal_cents, tax_cents, total_cents, notes, created_at, updated_at)
           VALUES ($kind, $number, $record, $date, $status, $tax, $subtotal, $taxCents, $total, $notes, $now, $now) RETURNING id`,
        )
        .get(values)!.id;
    } else {
      db.query(
        `UPDATE invoices SET kind = $kind, number = $number, record_id = $record, issue_date = $date, status = $status, tax_percent = $tax,
           subtotal_cents = $subtotal, tax_cents = $taxCents, total_cents = $total, notes = $notes, updated_at = $now WHERE id = $id`,
      ).run({ ...values, id: invoiceId });
      db.query("DELETE FROM invoice_lines WHERE invoice_id = ?").run(invoiceId);
    }
    const insert = db.query(
      "INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price_cents, amount_cents) VALUES (?, ?, ?, ?, ?, ?)",
    );
    input.lines.forEach((l, i) => {
      insert.run(invoiceId, i, l.description, l.quantity, l.unit_price_cents, t.amounts[i]!);
    });
    return invoiceId;
  });
}

export function deleteInvoice(db: Db, id: number): void {
  db.query("DELETE FROM invoices WHERE id = ?").run(id);
}

/** The records whose invoices count as a customer's: its own, its account's and contact's, its contacts' and deals'. */
const RELATED = `WITH related(id) AS (
  SELECT $id
  UNION SELECT account_id FROM records WHERE id = $id AND account_id IS NOT NULL
  UNION SELECT contact_id FROM records WHERE id = $id AND contact_id IS NOT NULL
  UNION SELECT id FROM records WHERE account_id = $id
  UNION SELECT id FROM records WHERE contact_id = $id AND type = 'deal'
)`;

/** The latest invoice or quote of a customer, in one query (see RELATED). */
export function latestInvoiceOf(
  db: Db,
  recordId: number,
  kind: InvoiceKind | "any",
): { id: number; number: string; kind: InvoiceKind } | null {
  return db
    .query<{ id: number; number: string; kind: InvoiceKind }, { id: number; kind: string }>(
      `${RELATED} SELECT id, number, kind FROM invoices WHERE record_id IN (SELECT id FROM related) AND ($kind = 'any' OR kind = $kind)
       ORDER BY issue_date DESC, id DESC LIMIT 1`,
    )
    .get({ id: recordId, kind });
}

/** A customer's invoices and quotes, newest first (compose picker). */
export function customerInvoices(db: Db, recordId: number, limit: number): InvoiceRow[] {
  return db
    .query<InvoiceRow, { id: number; limit: number }>(
      `${RELATED} SELECT * FROM invoices WHERE record_id IN (SELECT id FROM related) ORDER BY issue_date DESC, id DESC LIMIT $limit`,
    )
    .all({ id: recordId, limit });
}

/** Invoices and quotes of the customers holding a phone number, newest first (compose picker). */
export function invoicesForPhone(db: Db, e164: string, limit: number): InvoiceRow[] {
  return db
    .query<InvoiceRow, [string, number]>(
      `SELECT i.* FROM invoices i WHERE i.record_id IN (SELECT record_id FROM record_phones WHERE e164 = ?) ORDER BY i.issue_date DESC, i.id DESC LIMIT ?`,
    )
    .all(e164, limit);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** An amount with the company's currency code in front ("EUR 1,200.00"), or bare when none is set. */
export function formatMoney(cents: number, currency: string | null): string {
  return currency ? `${currency} ${formatCents(cents)}` : formatCents(cents);
}
