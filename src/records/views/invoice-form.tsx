import { Layout } from "../../ui/layout.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field, FieldFrame } from "../../ui/components/field.tsx";
import { RecordTabs } from "./nav.tsx";
import { recordHref } from "../fields.ts";
import { previewTotals, statusesFor, type InvoiceForm } from "../invoices/validate.ts";
import { InvoiceLines } from "./invoice-lines.tsx";
import type { RecordRow } from "../store.ts";
import { PostButton } from "../../ui/components/post-button.tsx";

export function InvoiceFormPage(p: {
  record: RecordRow;
  id?: number;
  form: InvoiceForm;
  errors?: FieldErrors;
  currency: string | null;
}) {
  const f = p.form;
  const kind = f.kind === "quote" ? "quote" : "invoice";
  const title = p.id ? `Edit ${kind} ${f.number}` : `New ${kind} for ${p.record.name}`;
  const field = bindFields(f, p.errors);
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
            {p.currency ? null : (
              <p class="hint">
                Amounts have no currency: choose one in <a href="/settings/company">Settings → Company</a>.
              </p>
            )}
          </div>
          <InvoiceLines
            lines={f.lines}
            errors={p.errors}
            preview={previewTotals(f)}
            currency={p.currency}
            taxPercent={f.tax_percent}
          />
          <div class="field">
            <label for="f-notes">Notes (printed on the PDF)</label>
            <textarea id="f-notes" name="notes" rows={3} maxlength={5000}>
              {f.notes}
            </textarea>
          </div>
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
