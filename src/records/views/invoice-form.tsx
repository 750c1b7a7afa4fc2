import { Layout } from "../../ui/layout.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field, FieldFrame } from "../../ui/components/field.tsx";
import { RecordTabs } from "./nav.tsx";
import { recordHref } from "../fields.ts";
import { statusesFor, type InvoiceForm } from "../invoices/validate.ts";
import type { RecordRow } from "../store.ts";
import { PostButton } from "../../ui/components/post-button.tsx";

/** Blank rows under the existing lines; rows left blank are ignored when saving. */
const SPARE_LINES = 6;

/** A number cell of an invoice line (quantity, unit price): a decimal keyboard, sized to its figures. */
function DecimalCell(p: { name: string; value: string; size: number; label: string }) {
  return (
    <td>
      <input name={p.name} value={p.value} inputmode="decimal" size={p.size} aria-label={p.label} />
    </td>
  );
}

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
  const field = bindFields(f, p.errors);
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
            <Field label="Number" {...field("number")} required />
            <Field label="Date" {...field("issue_date")} type="date" required />
            <FieldFrame for="f-status" label="Status" error={p.errors?.status}>
              <select id="f-status" name="status">
                {statusesFor(kind).map((s) => (
                  <option value={s} selected={s === f.status}>
                    {s}
                  </option>
                ))}
              </select>
            </FieldFrame>
            <Field label="Tax %" {...field("tax_percent")} inputmode="decimal" />
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
                    <DecimalCell
                      name="line_quantity"
                      value={l.quantity}
                      size={6}
                      label={`Line ${i + 1} quantity`}
                    />
                    <DecimalCell
                      name="line_unit_price"
                      value={l.unit_price}
                      size={10}
                      label={`Line ${i + 1} unit price`}
                    />
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
            <PostButton
              action={`/records/invoices/${p.id}/delete`}
              confirm={`Delete ${kind} ${f.number}?`}
              formClass="inline"
              buttonClass="danger small"
            >
              Delete
            </PostButton>
          </div>
        ) : null}
      </section>
    </Layout>
  );
}
