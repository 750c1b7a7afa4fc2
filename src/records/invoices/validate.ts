import { z } from "zod";
import type { Db } from "../../db/open.ts";
import type { FieldErrors } from "../../ui/components/form.tsx";
import { parseMoney } from "../validate.ts";
import {
  INVOICE_STATUSES,
  QUOTE_STATUSES,
  numberTaken,
  totals,
  type InvoiceInput,
  type InvoiceKind,
} from "./store.ts";

/** The invoice form as the browser sends it: parallel arrays for the lines. */
export type InvoiceForm = {
  kind: string;
  number: string;
  issue_date: string;
  status: string;
  tax_percent: string;
  notes: string;
  lines: { description: string; quantity: string; unit_price: string }[];
};

export function statusesFor(kind: InvoiceKind): readonly string[] {
  return kind === "invoice" ? INVOICE_STATUSES : QUOTE_STATUSES;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "A date such as 2026-01-31")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "Not a real date");

const head = z.object({
  kind: z.enum(["invoice", "quote"], "Pick invoice or quote"),
  number: z
    .string()
    .trim()
    .min(1, "Required")
    .max(40, "At most 40 characters")
    .regex(/^[A-Za-z0-9._/ -]+$/, "Letters, digits, spaces and . _ / - only"),
  issue_date: isoDate,
  tax_percent: z
    .string()
    .trim()
    .regex(/^\d{1,3}(\.\d{1,3})?$/, "A percentage such as 20 or 7.5")
    .transform(Number)
    .refine((n) => n <= 100, "At most 100"),
  notes: z.string().max(5000, "At most 5,000 characters"),
  status: z.string(),
});

/** Checks the form; blank line rows are skipped, and at least one line is needed. */
export function validateInvoiceForm(
  db: Db,
  form: InvoiceForm,
  recordId: number,
  exceptId: number | null,
): { ok: true; input: InvoiceInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const parsed = head.safeParse({ ...form, tax_percent: form.tax_percent || "0" });
  if (!parsed.success)
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const kind: InvoiceKind = form.kind === "quote" ? "quote" : "invoice";
  if (!statusesFor(kind).includes(form.status))
    errors.status = `Pick one of: ${statusesFor(kind).join(", ")}`;
  if (!errors.number && numberTaken(db, form.number.trim(), exceptId))
    errors.number = "Another invoice or quote already has this number";

  const lines: InvoiceInput["lines"] = [];
  form.lines.forEach((l, i) => {
    if (!l.description.trim() && !l.quantity.trim() && !l.unit_price.trim()) return;
    const quantity = l.quantity.trim() === "" ? 1 : Number(l.quantity.trim());
    const price = parseMoney(l.unit_price);
    if (!l.description.trim() || l.description.length > 500)
      errors[`line_${i}`] = "Each line needs a description (up to 500 characters)";
    else if (!/^\d{1,7}(\.\d{1,3})?$/.test(l.quantity.trim() || "1") || quantity <= 0)
      errors[`line_${i}`] = "Quantity: a positive number such as 1 or 2.5";
    else if (price === null || price === "invalid" || price < 0)
      errors[`line_${i}`] = "Unit price: an amount such as 120 or 99.50";
    else lines.push({ description: l.description.trim(), quantity, unit_price_cents: price });
  });
  if (lines.length === 0 && !Object.keys(errors).some((k) => k.startsWith("line_")))
    errors.lines = "Add at least one line";
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const d = parsed.data;
  return {
    ok: true,
    input: {
      kind: d.kind,
      number: d.number,
      record_id: recordId,
      issue_date: d.issue_date,
      status: form.status,
      tax_percent: d.tax_percent,
      notes: d.notes,
      lines,
    },
  };
}

/**
 * The running totals of a form as typed, for display only: lines that do not read as numbers yet count
 * as nothing (static/invoice.js works them out the same way). Saving always recomputes from the lines.
 */
export function previewTotals(form: InvoiceForm): {
  amounts: (number | null)[];
  subtotal: number;
  tax: number;
  total: number;
} {
  const amounts = form.lines.map((l) => {
    const q = l.quantity.trim() === "" ? 1 : Number(l.quantity.trim());
    const price = parseMoney(l.unit_price);
    if (typeof price !== "number" || !Number.isFinite(q) || q <= 0) return null;
    return Math.round(q * price);
  });
  const tax = Number(form.tax_percent.trim() || "0");
  const t = totals(
    amounts.map((a) => ({ description: "", quantity: 1, unit_price_cents: a ?? 0 })),
    Number.isFinite(tax) && tax >= 0 && tax <= 100 ? tax : 0,
  );
  return { amounts, subtotal: t.subtotal, tax: t.tax, total: t.total };
}
