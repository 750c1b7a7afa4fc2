import { Layout } from "../../ui/layout.tsx";
import { RecordTabs } from "./nav.tsx";
import { Timeline } from "./timeline.tsx";
import { Attachments, Invoices } from "./sections.tsx";
import { FIELDS, recordHref, recordTypeLabel, type FieldDef } from "../fields.ts";
import { formatCents, type InvoiceRow } from "../invoices/store.ts";
import type { PhoneRow, RecordRow } from "../store.ts";
import type { AttachmentRow } from "../attachments.ts";
import type { TimelineEntry } from "../timeline.ts";
import { PostButton } from "../../ui/components/post-button.tsx";
import { Notice } from "../../ui/components/notice.tsx";
import type { LabelRow } from "../../messaging/labels.ts";
import { LabelChips, LabelControls } from "../../labels/views/chips.tsx";

export type RecordPageData = {
  record: RecordRow;
  phones: PhoneRow[];
  attachments: AttachmentRow[];
  invoices: InvoiceRow[] | null;
  /** The company's currency, printed with invoice totals (Settings → Company). */
  currency: string | null;
  timeline: TimelineEntry[];
  /** Names of the account, contact, owner and group the record points at. */
  refs: {
    account: { id: number; name: string } | null;
    contact: { id: number; name: string } | null;
    owner: string | null;
    group: string | null;
  };
  /** Who the WhatsApp button writes to: the record's first number, or (a deal or case without one) its contact's or account's, named. */
  whatsapp: { e164: string; via: string | null } | null;
  canEdit: boolean;
  /** The record's labels, and every label (the choices to add). */
  labels?: { mine: LabelRow[]; all: LabelRow[] };
  notice?: string | null;
  attachmentError?: string | null;
};

function Value(p: { def: FieldDef; d: RecordPageData }) {
  const r = p.d.record;
  switch (p.def.kind) {
    case "account":
      return p.d.refs.account ? (
        <a href={recordHref("account", p.d.refs.account.id)}>{p.d.refs.account.name}</a>
      ) : (
        <span class="muted">none</span>
      );
    case "contact":
      return p.d.refs.contact ? (
        <a href={recordHref("contact", p.d.refs.contact.id)}>{p.d.refs.contact.name}</a>
      ) : (
        <span class="muted">none</span>
      );
    case "user":
      return <>{p.d.refs.owner ?? <span class="muted">nobody</span>}</>;
    case "group":
      return r.group_jid ? (p.d.refs.group ?? r.group_jid) : <span class="muted">none</span>;
    case "number":
      return <>{r.amount_cents === null ? "" : formatCents(r.amount_cents)}</>;
    case "textarea":
      return <div class="pre">{r.notes}</div>;
    default: {
      const v = (r as Record<string, unknown>)[p.def.name];
      return <>{v === null || v === undefined || v === "" ? <span class="muted">—</span> : String(v)}</>;
    }
  }
}

/** A customer's page: who they are, how to reach them, their files, invoices and WhatsApp history. */
export function RecordPage(d: RecordPageData) {
  const r = d.record;
  const base = recordHref(r.type, r.id);
  const whatsappTo = d.whatsapp?.e164;
  // A record reached through its WhatsApp group (and no number of its own) opens the group's chat.
  const groupChat =
    !d.phones[0] && r.group_jid
      ? d.timeline.find((e) => e.conversation.kind === "group" && e.conversation.chat_jid === r.group_jid)
      : undefined;
  return (
    <Layout title={r.name || recordTypeLabel(r.type)} nav="records">
      <RecordTabs active={r.type} />
      <Notice message={d.notice} />
      <div class="page-head">
        <div>
          <p class="muted">{recordTypeLabel(r.type)}</p>
          <h1>{r.name || "(no name)"}</h1>
        </div>
        <div class="actions">
          {whatsappTo ? (
            <a
              class="button"
              href={`/inbox/compose?to=${encodeURIComponent(whatsappTo)}&record=${r.type}:${r.id}`}
            >
              {d.whatsapp?.via ? `WhatsApp ${d.whatsapp.via}` : "WhatsApp"}
            </a>
          ) : null}
          {groupChat ? (
            <a class="button" href={`/inbox/c/${groupChat.conversation.id}`}>
              WhatsApp group
            </a>
          ) : null}
          {d.canEdit ? (
            <a class="button secondary" href={`${base}/edit`}>
              Edit
            </a>
          ) : null}
          {d.canEdit ? (
            <PostButton
              action={`${base}/delete`}
              confirm={`Delete ${r.name}? Its attachments, invoices and conversation links go too.`}
              formClass="inline"
              buttonClass="danger"
            >
              Delete
            </PostButton>
          ) : null}
        </div>
      </div>
      <div class="record-layout">
        <div class="record-side">
          <section class="card">
            <h2>Details</h2>
            <dl class="facts">
              {FIELDS[r.type]
                .filter((f) => f.kind !== "textarea")
                .map((def) => (
                  <>
                    <dt>{def.label}</dt>
                    <dd>
                      <Value def={def} d={d} />
                    </dd>
                  </>
                ))}
              <dt>Phones</dt>
              <dd>
                {d.phones.length === 0 ? (
                  <span class="muted">none</span>
                ) : (
                  <ul class="phones">
                    {d.phones.map((p) => (
                      <li>
                        {p.original}
                        {p.original !== p.e164 ? <span class="muted"> ({p.e164})</span> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
            {r.notes ? (
              <>
                <h3>Notes</h3>
                <div class="pre">{r.notes}</div>
              </>
            ) : null}
          </section>
          {d.labels ? (
            <section class="card" id="labels">
              <h2>Labels</h2>
              {d.canEdit ? (
                <LabelControls
                  id="record-labels"
                  action={`${base}/labels`}
                  labels={d.labels.mine}
                  all={d.labels.all}
                />
              ) : d.labels.mine.length ? (
                <LabelChips labels={d.labels.mine} />
              ) : (
                <p class="muted">None.</p>
              )}
            </section>
          ) : null}
          <Attachments base={base} rows={d.attachments} canEdit={d.canEdit} error={d.attachmentError} />
          {d.invoices ? (
            <Invoices base={base} rows={d.invoices} canEdit={d.canEdit} currency={d.currency} />
          ) : null}
        </div>
        <Timeline entries={d.timeline} />
      </div>
    </Layout>
  );
}
