import { CsrfField } from "../../ui/components/form.tsx";
import { Time } from "../../ui/components/time.tsx";
import { formatBytes } from "../../inbox/views/format.ts";
import { Icon } from "../../ui/icons/icon.tsx";
import { isPreviewableImage, type AttachmentRow } from "../attachments.ts";
import { formatMoney, type InvoiceRow } from "../invoices/store.ts";
import { PostButton } from "../../ui/components/post-button.tsx";
import { DataTable } from "../../ui/components/table.tsx";

export function Attachments(p: {
  base: string;
  rows: AttachmentRow[];
  canEdit: boolean;
  error?: string | null;
}) {
  return (
    <section class="card" id="attachments">
      <h2>Attachments</h2>
      {p.rows.length === 0 ? <p class="empty">No files yet.</p> : null}
      <ul class="attachments">
        {p.rows.map((a) => {
          const url = `${p.base}/attachments/${a.id}`;
          return (
            <li>
              {isPreviewableImage(a.mime) ? (
                <a href={url} target="_blank" rel="noopener">
                  <img src={url} alt={a.file_name} loading="lazy" class="attachment-preview" />
                </a>
              ) : (
                <Icon name="document" />
              )}
              <a href={`${url}?download=1`}>{a.file_name}</a>{" "}
              <span class="muted">
                {formatBytes(a.size)} · <Time at={a.created_at} />
              </span>
              {p.canEdit ? (
                <PostButton
                  action={`${url}/delete`}
                  confirm={`Delete ${a.file_name}?`}
                  formClass="inline"
                  buttonClass="link danger"
                >
                  Delete
                </PostButton>
              ) : null}
            </li>
          );
        })}
      </ul>
      {p.canEdit ? (
        <form
          method="post"
          action={`${p.base}/attachments`}
          enctype="multipart/form-data"
          class="inline-form"
        >
          <CsrfField />
          <label for="f-file">Add a file</label>
          <input id="f-file" type="file" name="file" required />
          <button type="submit" class="secondary small">
            Upload
          </button>
          {p.error ? <small class="error">{p.error}</small> : null}
        </form>
      ) : null}
    </section>
  );
}

export function Invoices(p: { base: string; rows: InvoiceRow[]; canEdit: boolean; currency: string | null }) {
  return (
    <section class="card" id="invoices">
      <h2>Invoices and quotes</h2>
      {p.rows.length === 0 ? (
        <p class="empty">No invoices or quotes yet.{p.canEdit ? " Start one with the buttons below." : ""}</p>
      ) : (
        <DataTable
          rows={p.rows}
          columns={[
            {
              label: "Number",
              cell: (i) => (p.canEdit ? <a href={`/records/invoices/${i.id}/edit`}>{i.number}</a> : i.number),
            },
            { label: "Kind", cell: (i) => i.kind },
            { label: "Date", cell: (i) => i.issue_date },
            { label: "Status", cell: (i) => i.status },
            {
              label: "Total",
              class: "num",
              headClass: "num",
              cell: (i) => formatMoney(i.total_cents, p.currency),
            },
            { label: "", cell: (i) => <a href={`/records/invoices/${i.id}/pdf`}>PDF</a> },
          ]}
        />
      )}
      {p.canEdit ? (
        <p class="actions">
          <a class="button secondary small" href={`${p.base}/invoices/new?kind=invoice`}>
            New invoice
          </a>
          <a class="button secondary small" href={`${p.base}/invoices/new?kind=quote`}>
            New quote
          </a>
        </p>
      ) : null}
    </section>
  );
}
