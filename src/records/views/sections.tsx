import { CsrfField } from "../../ui/components/form.tsx";
import { Time } from "../../ui/components/time.tsx";
import { formatBytes } from "../../inbox/views/format.ts";
import { isPreviewableImage, type AttachmentRow } from "../attachments.ts";
import { formatCents, type InvoiceRow } from "../invoices/store.ts";

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
                <span aria-hidden="true">📄</span>
              )}
              <a href={`${url}?download=1`}>{a.file_name}</a>{" "}
              <span class="muted">
                {formatBytes(a.size)} · <Time at={a.created_at} />
              </span>
              {p.canEdit ? (
                <form
                  method="post"
                  action={`${url}/delete`}
                  data-confirm={`Delete ${a.file_name}?`}
                  class="inline"
                >
                  <CsrfField />
                  <button type="submit" class="link danger">
                    Delete
                  </button>
                </form>
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

export function Invoices(p: { base: string; rows: InvoiceRow[]; canEdit: boolean }) {
  return (
    <section class="card" id="invoices">
      <h2>Invoices and quotes</h2>
      {p.rows.length === 0 ? (
        <p class="empty">None yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>Kind</th>
                <th>Date</th>
                <th>Status</th>
                <th class="num">Total</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((i) => (
                <tr>
                  <td>{p.canEdit ? <a href={`/records/invoices/${i.id}/edit`}>{i.number}</a> : i.number}</td>
                  <td>{i.kind}</td>
                  <td>{i.issue_date}</td>
                  <td>{i.status}</td>
                  <td class="num">{formatCents(i.total_cents)}</td>
                  <td>
                    <a href={`/records/invoices/${i.id}/pdf`}>PDF</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
