import type { LabelRow } from "../../messaging/labels.ts";
import type { InboxQuery } from "../../inbox/views/list.tsx";

/** "Label: any / VIP / …" above the list; it keeps the status tab, the filter and the channel. */
export function LabelFilter(p: { query: InboxQuery; labels: LabelRow[] }) {
  if (p.labels.length === 0) return null;
  const q = p.query;
  return (
    <form method="get" action="/inbox" class="label-filter">
      {q.channel ? <input type="hidden" name="channel" value={String(q.channel)} /> : null}
      {q.filter ? <input type="hidden" name="filter" value={q.filter} /> : null}
      {q.status !== "open" ? <input type="hidden" name="status" value={q.status} /> : null}
      <select name="label" aria-label="Filter by label" class="autosubmit">
        <option value="">Any label</option>
        {p.labels.map((l) => (
          <option value={String(l.id)} selected={q.label === l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" class="small secondary">
          Filter
        </button>
      </noscript>
    </form>
  );
}
