import type { Child } from "hono/jsx";
import { CsrfField } from "../../ui/components/form.tsx";
import type { ConversationRow, ConversationStatus } from "../../messaging/types.ts";
import { QueryTabs, type InboxQuery } from "./list.tsx";
import { STATUS_COUNT_CAP } from "../../messaging/status.ts";

export const STATUS_LABELS: Record<ConversationStatus, string> = {
  open: "Open",
  pending: "Pending",
  resolved: "Resolved",
  snoozed: "Snoozed",
};

const iso = (t: number) => new Date(t).toISOString();
const utcText = (t: number) => `${iso(t).slice(0, 16).replace("T", " ")} UTC`;

/** The snooze choices; the time zone is filled in by static/app.js (the browser's own). */
function SnoozeFields(p: { idPrefix: string }) {
  return (
    <>
      <input type="hidden" name="tz" value="UTC" />
      <select name="snooze" aria-label="Snooze until">
        <option value="1h">1 hour</option>
        <option value="tomorrow">Tomorrow 9:00</option>
        <option value="next-week">Next week (Monday 9:00)</option>
        <option value="custom">A chosen time…</option>
      </select>
      <input type="datetime-local" name="at" id={`${p.idPrefix}-at`} aria-label="Snooze until (your time)" />
    </>
  );
}

/** Status, one-click Resolve (key `e`), Pending, Reopen and Snooze, in the conversation header. */
export function StatusControls(p: { c: ConversationRow; error?: string | null }) {
  const { c } = p;
  const action = `/inbox/c/${c.id}/status`;
  return (
    <div class="conv-status" id={`conv-status-${c.id}`}>
      <span class={`status-badge status-${c.status}`}>
        {STATUS_LABELS[c.status]}
        {c.status === "snoozed" && c.snoozed_until !== null ? (
          <>
            {" until "}
            <time datetime={iso(c.snoozed_until)}>{utcText(c.snoozed_until)}</time>
          </>
        ) : null}
      </span>
      <form method="post" action={action} class="status-buttons">
        <CsrfField />
        {c.status !== "resolved" ? (
          <button
            type="submit"
            name="status"
            value="resolved"
            class="small"
            data-shortcut="e"
            title="Resolve (e)"
          >
            Resolve
          </button>
        ) : null}
        {c.status !== "open" ? (
          <button type="submit" name="status" value="open" class="secondary small">
            Reopen
          </button>
        ) : null}
        {c.status !== "pending" ? (
          <button type="submit" name="status" value="pending" class="secondary small">
            Pending
          </button>
        ) : null}
      </form>
      <form method="post" action={action} class="snooze">
        <CsrfField />
        <input type="hidden" name="status" value="snoozed" />
        <SnoozeFields idPrefix={`snooze-${c.id}`} />
        <button type="submit" class="secondary small">
          Snooze
        </button>
      </form>
      {p.error ? (
        <small class="error" role="alert">
          {p.error}
        </small>
      ) : null}
    </div>
  );
}

/** Tabs for each status, with how many conversations each holds; the other filters stay as they are. */
export function StatusTabs(p: { query: InboxQuery; counts: Record<ConversationStatus, number> }) {
  const tabs: { key: string; label: string }[] = [
    ...(Object.keys(STATUS_LABELS) as ConversationStatus[]).map((s) => ({
      key: s,
      label: `${STATUS_LABELS[s]} (${p.counts[s] > STATUS_COUNT_CAP ? `${STATUS_COUNT_CAP.toLocaleString("en-GB")}+` : p.counts[s]})`,
    })),
    { key: "all", label: "All statuses" },
  ];
  return (
    <QueryTabs
      label="Status"
      query={p.query}
      param="status"
      tabs={tabs}
      id="status-tabs"
      class="filters status-tabs"
    />
  );
}

/** The bulk form the list's checkboxes belong to (`form="bulk-status"`): resolve, or set any status. */
export function BulkStatusForm(p: { back: string; children?: Child }) {
  return (
    <form method="post" action="/inbox/bulk-status" id="bulk-status" class="bulk-status">
      <CsrfField />
      <input type="hidden" name="back" value={p.back} />
      <button type="submit" name="status" value="resolved" class="small secondary">
        Resolve selected
      </button>
      <select name="set" aria-label="Set status of selected">
        <option value="open">Open</option>
        <option value="pending">Pending</option>
        <option value="resolved">Resolved</option>
        <option value="snoozed">Snoozed</option>
      </select>
      <SnoozeFields idPrefix="bulk" />
      <button type="submit" name="status" value="" class="small secondary">
        Set status
      </button>
      {p.children}
    </form>
  );
}

export type StatusLineView = {
  id: number;
  at: number;
  status: ConversationStatus;
  snoozed_until: number | null;
  cause: string;
  by: string | null;
};

/** "Ann resolved", "Reopened by a customer message", "Snoozed until …": one line in the timeline. */
export function StatusLine(p: { line: StatusLineView }) {
  const l = p.line;
  const what =
    l.cause === "customer"
      ? "Reopened by a customer message"
      : l.cause === "snooze_ended"
        ? "Snooze ended: open again"
        : l.status === "snoozed" && l.snoozed_until !== null
          ? `${l.by ?? "Someone"} snoozed until `
          : `${l.by ?? "Someone"} ${{ open: "reopened", pending: "set pending", resolved: "resolved", snoozed: "snoozed" }[l.status]}`;
  return (
    <p class="status-line" id={`status-change-${l.id}`}>
      {what}
      {l.cause === "user" && l.status === "snoozed" && l.snoozed_until !== null ? (
        <time datetime={iso(l.snoozed_until)}>{utcText(l.snoozed_until)}</time>
      ) : null}
      {" · "}
      <time datetime={iso(l.at)} class="muted">
        {utcText(l.at)}
      </time>
    </p>
  );
}
