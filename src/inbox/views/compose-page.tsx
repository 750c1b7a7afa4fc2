import { Layout } from "../../ui/layout.tsx";
import { COMPOSE_TEMPLATE_ERROR, TemplateErrorSlot, TemplatePicker } from "./template-fill.tsx";
import { CsrfField, FormError, type FieldErrors } from "../../ui/components/form.tsx";
import { FieldFrame } from "../../ui/components/field.tsx";
import type { ChannelAccessRow } from "../../channels/access.ts";
import { hx } from "../../ui/htmx.ts";

export type InvoiceOption = { id: number; label: string };
export type PickerHit = { label: string; phone: string };

export type ComposeValues = {
  channelId: number | null;
  to: string;
  text: string;
  invoiceId: number | null;
  record: string;
  key?: string | null;
};

/** New message: from a channel the person may use, to a number or a customer picked by name. */
export function ComposePage(p: {
  channels: ChannelAccessRow[];
  values: ComposeValues;
  invoices: InvoiceOption[];
  templates: { id: number; name: string }[];
  errors?: FieldErrors;
  maxUploadMb: number;
}) {
  const live = p.channels.filter((c) => c.deleted_at === null);
  const selected = p.values.channelId ?? (live.length === 1 ? live[0]!.id : null);
  return (
    <Layout title="New message" nav="inbox">
      <h1>New message</h1>
      <FormError message={p.errors?._form} />
      <section class="card">
        {live.length === 0 ? <p class="alert alert-info">No channel is shared with you yet.</p> : null}
        <form
          method="post"
          action="/inbox/compose"
          enctype="multipart/form-data"
          data-max-bytes={String(Math.floor(p.maxUploadMb * 1024 * 1024))}
        >
          <CsrfField />
          {/* Sent twice (double click on a slow line), the same form is one message. */}
          <input type="hidden" name="key" value={p.values.key ?? crypto.randomUUID()} />
          <input type="hidden" id="f-record" name="record" value={p.values.record} />
          <FieldFrame for="f-channel" label="From channel" required error={p.errors?.channel}>
            <select id="f-channel" name="channel" required>
              <option value="">Choose a channel…</option>
              {live.map((c) => (
                <option value={String(c.id)} selected={selected === c.id}>
                  {c.name ? `${c.name} (${c.phone_e164})` : c.phone_e164} · {c.status}
                </option>
              ))}
            </select>
          </FieldFrame>
          <FieldFrame
            for="f-to"
            label="Recipient phone"
            required
            error={p.errors?.to}
            hint="Type a name to search contacts, leads and accounts, or type a number; the channel's country prefix is added to national numbers."
          >
            <input
              id="f-to"
              name="to"
              type="text"
              value={p.values.to}
              required
              autocomplete="off"
              list="recipient-hits"
              placeholder="Name or number, e.g. +44 7700 900123"
              {...hx({
                get: "/inbox/compose/recipients",
                trigger: "input changed delay:200ms",
                include: "this",
                target: "#recipient-hits",
                swap: "innerHTML",
              })}
            />
            <datalist id="recipient-hits"></datalist>
          </FieldFrame>
          {p.templates.length > 0 ? (
            <div class="field">
              <label for="f-template">Template</label>
              <TemplatePicker
                id="f-template"
                templates={p.templates}
                url="/inbox/compose/template"
                target="#f-text"
                include="#f-channel, #f-to, #f-record"
              />
              <small class="hint">
                Fills the message with the template, its variables resolved for the recipient.
              </small>
              <TemplateErrorSlot id={COMPOSE_TEMPLATE_ERROR} />
            </div>
          ) : null}
          <FieldFrame for="f-text" label="Message" error={p.errors?.text}>
            <ComposeText text={p.values.text} />
          </FieldFrame>
          <div class={p.errors?.file ? "field has-error" : "field"}>
            <label for="f-file">Attachment</label>
            <input id="f-file" name="file" type="file" />
            <small class="hint">
              Images (JPG, PNG), audio (OGG voice notes, MP3), video (MP4), documents (PDF, DOCX, any file),
              up to {p.maxUploadMb} MB.
            </small>
            <small class="file-error error" aria-live="polite">
              {p.errors?.file ?? ""}
            </small>
          </div>
          <InvoicePicker invoices={p.invoices} selected={p.values.invoiceId} error={p.errors?.invoice} />
          <p class="actions">
            <button type="submit" disabled={live.length === 0}>
              Send
            </button>
            <a href="/inbox">Cancel</a>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function RecipientOptions(p: { hits: PickerHit[] }) {
  return (
    <>
      {p.hits.map((h) => (
        <option value={h.phone}>{h.label}</option>
      ))}
    </>
  );
}

export function ComposeText(p: { text: string }) {
  return (
    <textarea id="f-text" name="text" rows={5} maxlength={65536}>
      {p.text}
    </textarea>
  );
}

/**
 * The recipient's invoices and quotes, refreshed when the recipient changes. The refresh sends the
 * current pick back, so leaving the recipient box (which fires a change) never drops a chosen invoice.
 */
export function InvoicePicker(p: {
  invoices: InvoiceOption[];
  selected: number | null;
  error?: string | undefined;
}) {
  return (
    <div
      id="invoice-field"
      {...hx({
        get: "/inbox/compose/invoices",
        trigger: "change from:#f-to",
        include: "#f-to, #f-record, #f-invoice",
        swap: "outerHTML",
      })}
    >
      <InvoiceField invoices={p.invoices} selected={p.selected} error={p.error} />
    </div>
  );
}

/** The recipient's invoices and quotes; refreshed when the recipient changes. */
export function InvoiceField(p: {
  invoices: InvoiceOption[];
  selected: number | null;
  error?: string | undefined;
}) {
  if (p.invoices.length === 0) return p.error ? <small class="error">{p.error}</small> : null;
  return (
    <FieldFrame
      for="f-invoice"
      label="Attach a quote/invoice PDF"
      error={p.error}
      hint="Its PDF is generated and attached when you send."
    >
      <select id="f-invoice" name="invoice">
        <option value="">None</option>
        {p.invoices.map((i) => (
          <option value={String(i.id)} selected={p.selected === i.id}>
            {i.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
