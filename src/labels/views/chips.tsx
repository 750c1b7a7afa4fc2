import { CsrfField } from "../../ui/components/form.tsx";
import type { LabelRow } from "../../messaging/labels.ts";

/** A label as a coloured chip; its name is text, escaped like all user content. */
export function LabelChip(p: { label: Pick<LabelRow, "name" | "color">; children?: unknown }) {
  return (
    <span class={`label-chip label-${p.label.color}`}>
      {p.label.name}
      {p.children}
    </span>
  );
}

export function LabelChips(p: { labels: LabelRow[] }) {
  return p.labels.length ? (
    <span class="conv-labels">
      {p.labels.map((l) => (
        <LabelChip label={l} />
      ))}
    </span>
  ) : null;
}

/**
 * A conversation's or record's labels, each with a × to remove it, and a picker to add one; both
 * post to `action` (add=<id> or remove=<id>).
 */
export function LabelControls(p: { id: string; action: string; labels: LabelRow[]; all: LabelRow[] }) {
  const have = new Set(p.labels.map((l) => l.id));
  const addable = p.all.filter((l) => !have.has(l.id));
  return (
    <div class="label-controls" id={p.id}>
      <span class="label-chips">
        {p.labels.map((l) => (
          <LabelChip label={l}>
            <form method="post" action={p.action}>
              <CsrfField />
              <button
                type="submit"
                name="remove"
                value={String(l.id)}
                class="link"
                aria-label={`Remove label ${l.name}`}
              >
                ×
              </button>
            </form>
          </LabelChip>
        ))}
      </span>
      {addable.length > 0 ? (
        <form method="post" action={p.action} class="label-add">
          <CsrfField />
          <select name="add" aria-label="Add a label">
            {addable.map((l) => (
              <option value={String(l.id)}>{l.name}</option>
            ))}
          </select>
          <button type="submit" class="secondary small">
            Add label
          </button>
        </form>
      ) : p.all.length === 0 ? (
        <span class="muted">No labels yet (Settings → Labels).</span>
      ) : null}
    </div>
  );
}

/** Inside the bulk form: add or remove one label on the ticked conversations. */
export function BulkLabelFields(p: { labels: LabelRow[] }) {
  if (p.labels.length === 0) return null;
  return (
    <span class="bulk-labels">
      <select name="label" aria-label="Label for selected">
        {p.labels.map((l) => (
          <option value={String(l.id)}>{l.name}</option>
        ))}
      </select>
      <button type="submit" formaction="/inbox/bulk-labels" name="op" value="add" class="small secondary">
        Add label
      </button>
      <button type="submit" formaction="/inbox/bulk-labels" name="op" value="remove" class="small secondary">
        Remove label
      </button>
    </span>
  );
}
