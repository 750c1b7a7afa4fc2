import type { FieldErrors } from "../../ui/components/form.tsx";
import { formatMoney } from "../invoices/store.ts";
import type { InvoiceForm } from "../invoices/validate.ts";

type Line = InvoiceForm["lines"][number];

/** Blank rows under the existing lines, for adding lines without script (rows left blank are ignored). */
const SPARE_LINES = 2;

/** A number cell of an invoice line (quantity, unit price): a decimal keyboard, sized to its figures. */
function DecimalCell(p: { name: string; value: string; size: number; label: string }) {
  return (
    <td class="num">
      <input
        type="text"
        name={p.name}
        value={p.value}
        inputmode="decimal"
        size={p.size}
        aria-label={p.label}
      />
    </td>
  );
}

/** One line; static/invoice.js renumbers the labels when lines are added or removed. */
function LineRow(p: { line: Line; index: number; error?: string; amount: string }) {
  const n = p.index + 1;
  return (
    <tr class={p.error ? "invoice-line has-error" : "invoice-line"}>
      <td>
        <input
          type="text"
          name="line_description"
          value={p.line.description}
          maxlength={500}
          aria-label={`Line ${n} description`}
        />
      </td>
      <DecimalCell name="line_quantity" value={p.line.quantity} size={5} label={`Line ${n} quantity`} />
      <DecimalCell name="line_unit_price" value={p.line.unit_price} size={9} label={`Line ${n} unit price`} />
      <td class="num line-amount">{p.amount}</td>
      <td>
        {/* Shown by static/invoice.js; without script a line is removed by clearing it. */}
        <button type="button" class="link line-remove" hidden aria-label={`Remove line ${n}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}

export type InvoicePreview = { amounts: (number | null)[]; subtotal: number; tax: number; total: number };

/**
 * The lines as a growing list with running totals. The totals shown are a preview, worked out again in
 * the browser as lines change; the server recomputes them from the lines on save and stores only those.
 */
export function InvoiceLines(p: {
  lines: Line[];
  errors?: FieldErrors;
  preview: InvoicePreview;
  currency: string | null;
  taxPercent: string;
}) {
  const blank: Line = { description: "", quantity: "", unit_price: "" };
  const rows = [...p.lines, ...Array.from({ length: SPARE_LINES }, () => blank)];
  const money = (cents: number) => formatMoney(cents, p.currency);
  const lineErrors = Object.entries(p.errors ?? {}).filter(([k]) => k.startsWith("line_") || k === "lines");
  return (
    <fieldset class="invoice-lines" data-currency={p.currency ?? ""}>
      <legend>Lines</legend>
      <table>
        <thead>
          <tr>
            <th>Description</th>
            <th class="num">Quantity</th>
            <th class="num">Unit price</th>
            <th class="num">Amount</th>
            <th>
              <span class="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l, i) => {
            const cents = p.preview.amounts[i];
            return (
              <LineRow
                line={l}
                index={i}
                error={p.errors?.[`line_${i}`]}
                amount={cents == null ? "" : money(cents)}
              />
            );
          })}
        </tbody>
      </table>
      <template id="invoice-line-template">
        <LineRow line={blank} index={0} amount="" />
      </template>
      {lineErrors.map(([k, m]) => (
        <small class="error">
          {k.startsWith("line_") ? `Line ${Number(k.slice(5)) + 1}: ` : ""}
          {m}
        </small>
      ))}
      <p class="invoice-line-tools">
        <button type="button" class="secondary small line-add" hidden>
          Add line
        </button>
        <small class="hint no-script-hint">Blank rows are ignored; save to get more of them.</small>
      </p>
      <dl class="invoice-totals" aria-live="polite">
        <dt>Subtotal</dt>
        <dd>
          <output class="total-subtotal">{money(p.preview.subtotal)}</output>
        </dd>
        <dt>
          Tax (<span class="tax-rate">{p.taxPercent || "0"}</span>%)
        </dt>
        <dd>
          <output class="total-tax">{money(p.preview.tax)}</output>
        </dd>
        <dt>Total</dt>
        <dd>
          <output class="total-total">{money(p.preview.total)}</output>
        </dd>
      </dl>
    </fieldset>
  );
}
