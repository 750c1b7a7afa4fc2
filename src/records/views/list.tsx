import { Layout } from "../../ui/layout.tsx";
import { Time } from "../../ui/components/time.tsx";
import { RecordTabs } from "./nav.tsx";
import { recordHref, recordTypeLabel, recordTypePlural, typeSlug, type RecordType } from "../fields.ts";
import { formatCents } from "../invoices/store.ts";
import type { ListRow } from "../store.ts";

/** The column that tells records of a type apart at a glance. */
function detail(type: RecordType, r: ListRow): string {
  if (type === "lead") return [r.company, r.status].filter(Boolean).join(" · ");
  if (type === "deal")
    return [r.stage, r.amount_cents === null ? null : formatCents(r.amount_cents)]
      .filter(Boolean)
      .join(" · ");
  if (type === "case") return r.status ?? "";
  return "";
}

function detailLabel(type: RecordType): string {
  return type === "deal" ? "Stage · amount" : type === "lead" ? "Company · status" : "Status";
}

export function RecordListPage(p: {
  type: RecordType;
  rows: ListRow[];
  q: string;
  nextUrl: string | null;
  canEdit: boolean;
  firstPage: boolean;
}) {
  const slug = typeSlug(p.type);
  const hasDetail = p.type === "lead" || p.type === "deal" || p.type === "case";
  const hasEmail = p.type !== "deal" && p.type !== "case";
  return (
    <Layout title={recordTypePlural(p.type)} nav="records">
      <RecordTabs active={p.type} />
      <div class="page-head">
        <h1>{recordTypePlural(p.type)}</h1>
        {p.canEdit ? (
          <p class="actions">
            {p.type === "contact" || p.type === "lead" ? (
              <a class="button secondary" href={`/records/import?type=${p.type}`}>
                Import CSV
              </a>
            ) : null}
            <a class="button" href={`/records/${slug}/new`}>
              New {recordTypeLabel(p.type).toLowerCase()}
            </a>
          </p>
        ) : null}
      </div>
      <search>
        <form method="get" action={`/records/${slug}`} class="records-search">
          <input
            type="search"
            name="q"
            value={p.q}
            maxlength={200}
            placeholder="Name, email or phone in any format"
            aria-label={`Search ${recordTypePlural(p.type).toLowerCase()}`}
          />
          <button type="submit" class="secondary">
            Search
          </button>
          {p.q ? <a href={`/records/${slug}`}>Clear</a> : null}
        </form>
      </search>
      <div class="table-wrap">
        <table class="records-list stack-on-phone">
          <thead>
            <tr>
              <th>Name</th>
              <th>Phone</th>
              {hasEmail ? <th>Email</th> : null}
              {hasDetail ? <th>{detailLabel(p.type)}</th> : null}
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.length === 0 ? (
              <tr>
                <td colspan={3 + (hasEmail ? 1 : 0) + (hasDetail ? 1 : 0)} class="empty">
                  {p.q ? (
                    "Nothing matches."
                  ) : p.firstPage ? (
                    <>
                      No {recordTypePlural(p.type).toLowerCase()} yet.{" "}
                      {p.canEdit ? (
                        <a href={`/records/${slug}/new`}>
                          Add the first {recordTypeLabel(p.type).toLowerCase()}
                        </a>
                      ) : null}
                    </>
                  ) : (
                    "No more."
                  )}
                </td>
              </tr>
            ) : null}
            {p.rows.map((r) => (
              <tr>
                <td>
                  <a href={recordHref(r.type, r.id)}>{r.name || "(no name)"}</a>
                </td>
                {/* On a phone each row stacks, its cells labelled (empty ones stay unlabelled). */}
                <td data-label={r.phone ? "Phone" : undefined}>{r.phone ?? ""}</td>
                {hasEmail ? <td data-label={r.email ? "Email" : undefined}>{r.email ?? ""}</td> : null}
                {hasDetail ? (
                  <td data-label={detail(p.type, r) ? detailLabel(p.type) : undefined}>
                    {detail(p.type, r)}
                  </td>
                ) : null}
                <td data-label="Updated">
                  <Time at={r.updated_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="actions">
        {!p.firstPage ? (
          <a href={`/records/${slug}${p.q ? `?q=${encodeURIComponent(p.q)}` : ""}`}>First page</a>
        ) : null}
        {p.nextUrl ? (
          <a class="button secondary" href={p.nextUrl}>
            Next page
          </a>
        ) : null}
      </p>
    </Layout>
  );
}
