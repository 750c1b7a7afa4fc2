import { Layout } from "../../ui/layout.tsx";
import { CsrfField, Field, FormError, type FieldErrors } from "../../ui/components/form.tsx";
import { RecordTabs } from "./nav.tsx";
import { recordHref } from "../fields.ts";
import { statusesFor, type InvoiceForm } from "../invoices/validate.ts";
import type { RecordRow } from "../store.ts";

/** Blank rows under the existing lines; rows left blank are ignored when saving. */
const SPARE_LINES = 6;

export function InvoiceFormPage(p: {
  record: RecordRow;
  id?: number;
  form: InvoiceForm;
  errors?: FieldErrors;
  totals?: string | null;
}) {
  const f = p.form;
  const kind = f.kind === "quote" ? "quote" : "invoice";
  const title = p.id ? `Edit ${kind} ${f.number}` : `New ${kind} for ${p.record.name}`;
  const rows = [
    ...f.lines,
    ...Array.from({ length: SPARE_LINES }, () => ({ description: "", quantity: "", unit_price: "" })),
  ];
  const lineErrors = Object.entries(p.errors ?? {}).filter(([k]) => k.startsWith("line_") || k === "lines");
  return (
    <Layout title={title} nav="records">
      <RecordTabs active={p.record.type} />
      <h1>{title}</h1>
      <p>
        <a href={recordHref(p.record.type, p.record.id)}>← {p.record.name}</a>
      </p>
      <FormError message={p.errors ? "Please correct the fields marked below." : null} />
      <section class="card">
        <form
          method="post"
          action={p.id ? `/records/invoices/${p.id}` : `${recordHref(p.record.type, p.record.id)}/invoices`}
          class="invoice-form"
        >
          <CsrfField />
          <input type="hidden" name="kind" value={kind} />
          <div class="grid-2">
            <Field label="Number" name="number" value={f.number} required errors={p.errors} />
            <Field
              label="Date"
              name="issue_date"
              value={f.issue_date}
              type="date"
              required
              errors={p.errors}
            />
            <div class={p.errors?.status ? "field has-error" : "field"}>
              <label for="f-status">Status</label>
              <select id="f-status" name="status">
                {statusesFor(kind).map((s) => (
                  <option value={s} selected={s === f.status}>
                    {s}
                  </option>
                ))}
              </select>
              {p.errors?.status ? <small class="error">{p.errors.status}</small> : null}
            </div>
            <Field
              label="Tax %"
              name="tax_percent"
              value={f.tax_percent}
              inputmode="decimal"
              errors={p.errors}
            />
          </div>
          <fieldset class="invoice-lines">
            <legend>Lines</legend>
            <table>
              <thead>
                <tr>
                  <th>Description</th>
                  <th>Quantity</th>
                  <th>Unit price</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((l, i) => (
                  <tr class={p.errors?.[`line_${i}`] ? "has-error" : undefined}>
                    <td>
                      <input
                        name="line_description"
                        value={l.description}
                        maxlength={500}
                        aria-label={`Line ${i + 1} description`}
                      />
                    </td>
                    <td>
                      <input
                        name="line_quantity"
                        value={l.quantity}
                        inputmode="decimal"
                        size={6}
                        aria-label={`Line ${i + 1} quantity`}
                      />
                    </td>
                    <td>
                      <input
                        name="line_unit_price"
                        value={l.unit_price}
                        inputmode="decimal"
                        size={10}
                        aria-label={`Line ${i + 1} unit price`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {lineErrors.map(([k, m]) => (
              <small class="error">
                {k.startsWith("line_") ? `Line ${Number(k.slice(5)) + 1}: ` : ""}
                {m}
              </small>
            ))}
            <small class="hint">Save with lines filled in; more blank rows appear each time you edit.</small>
          </fieldset>
          <div class="field">
            <label for="f-notes">Notes (printed on the PDF)</label>
            <textarea id="f-notes" name="notes" rows={3} maxlength={5000}>
              {f.notes}
            </textarea>
          </div>
          {p.totals ? <p class="muted">{p.totals}</p> : null}
          <p class="actions">
            <button type="submit">Save</button>
            <a href={recordHref(p.record.type, p.record.id)}>Cancel</a>
          </p>
        </form>
        {p.id ? (
          <div class="actions">
            <a class="button secondary" href={`/records/invoices/${p.id}/pdf`}>
              Download PDF
            </a>
            <form
              method="post"
              action={`/records/invoices/${p.id}/delete`}
              data-confirm={`Delete ${kind} ${f.number}?`}
              class="inline"
            >
              <CsrfField />
              <button type="submit" class="danger small">
                Delete
              </button>
            </form>
          </div>
        ) : null}
      </section>
    </Layout>
  );
}
