import { Layout } from "../../ui/layout.tsx";
import { DataTable, RowAction } from "../../ui/components/table.tsx";
import { recordHref, recordTypeLabel } from "../fields.ts";
import type { ListRow } from "../store.ts";
import type { ConversationRow } from "../../messaging/types.ts";
import { PostButton } from "../../ui/components/post-button.tsx";

/** "Link to existing record": search every type by name, email or phone, then link with one click. */
export function LinkPickerPage(p: {
  conversation: ConversationRow;
  q: string;
  hits: ListRow[];
  linked: { type: string; id: number; name: string; href: string }[];
}) {
  const c = p.conversation;
  const who = c.title || c.peer_phone || c.chat_jid;
  return (
    <Layout title="Link to a record" nav="records">
      <h1>Link “{who}” to a record</h1>
      <p>
        <a href={`/inbox/c/${c.id}`}>← Back to the conversation</a>
      </p>
      {p.linked.length > 0 ? (
        <section class="card">
          <h2>Linked now</h2>
          <ul class="attachments">
            {p.linked.map((l) => (
              <li>
                <a href={l.href}>{l.name}</a> <span class="muted">({l.type})</span>
                <PostButton
                  action={`/records/unlink-conversation/${c.id}`}
                  formClass="inline"
                  fields={{ record: String(l.id) }}
                  buttonClass="link danger"
                >
                  Unlink
                </PostButton>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <search>
        <form method="get" action={`/records/link-conversation/${c.id}`} class="records-search">
          <input
            type="search"
            name="q"
            value={p.q}
            maxlength={200}
            autofocus
            placeholder="Name, email or phone"
            aria-label="Search records"
          />
          <button type="submit" class="secondary">
            Search
          </button>
        </form>
      </search>
      {p.q && p.hits.length === 0 ? <p class="empty">Nothing matches “{p.q}”.</p> : null}
      {p.hits.length > 0 ? (
        <DataTable
          rows={p.hits}
          columns={[
            { label: "Name", cell: (r) => <a href={recordHref(r.type, r.id)}>{r.name}</a> },
            { label: "Type", cell: (r) => recordTypeLabel(r.type) },
            { label: "Phone", cell: (r) => r.phone ?? "" },
            { label: "Email", cell: (r) => r.email ?? "" },
          ]}
          actions={(r) => (
            <RowAction
              action={`/records/link-conversation/${c.id}`}
              fields={{ type: r.type, record: String(r.id) }}
              buttonClass="small"
              label="Link"
            />
          )}
        />
      ) : null}
    </Layout>
  );
}
