import type { Child } from "hono/jsx";
import { Layout } from "../../ui/layout.tsx";
import { QueryTabs, queryString, type InboxQuery } from "./list.tsx";
import type { ChannelAccessRow } from "../../channels/access.ts";
import { ChannelStatusSlot, type HeaderChannel } from "./channel-slot.tsx";
import { hx } from "../../ui/htmx.ts";
import type { ConversationStatus } from "../../messaging/types.ts";
import { BulkStatusForm, StatusTabs } from "./status.tsx";
import type { LabelRow } from "../../messaging/labels.ts";
import { BulkLabelFields } from "../../labels/views/chips.tsx";
import { LabelFilter } from "../../labels/views/filter.tsx";
import { AssignFilters, BulkAssignFields, type AssignChoice } from "./assign.tsx";

const FILTERS: { key: string; label: string }[] = [
  { key: "", label: "All" },
  { key: "unread", label: "Unread" },
  { key: "unlinked", label: "Unlinked" },
  { key: "groups", label: "Groups" },
  { key: "mine", label: "Mine" },
  { key: "unassigned", label: "Unassigned" },
];

/** The people and teams to filter and assign by, and how many conversations Mine and Unassigned hold. */
export type AssignView = {
  mine: number;
  unassigned: number;
  people: AssignChoice[];
  teams: AssignChoice[];
};

/** Mine and Unassigned carry their counts (within the status tab in effect). */
const filterTabs = (v: AssignView | undefined) =>
  FILTERS.map((f) =>
    v && (f.key === "mine" || f.key === "unassigned")
      ? { ...f, label: `${f.label} (${f.key === "mine" ? v.mine : v.unassigned})` }
      : f,
  );

/**
 * The two-pane inbox. One server-sent-event stream per tab: named events make the list refetch
 * itself (through htmx, nonce-checked), and message partials land in the open conversation.
 */
export function InboxPage(p: {
  query: InboxQuery;
  channels: ChannelAccessRow[];
  openId: number | null;
  list: Child;
  pane: Child;
  title?: string;
  channel?: HeaderChannel | null;
  counts: Record<ConversationStatus, number>;
  labels?: LabelRow[];
  assignView?: AssignView;
}) {
  // An open conversation shows its channel's status in its header; a list narrowed to one channel shows it on top.
  const events = `/inbox/events${p.openId ? `?open=${p.openId}` : p.channel ? `?channel=${p.channel.id}` : ""}`;
  return (
    <Layout title={p.title ?? "Inbox"} nav="inbox" wide>
      <div
        id="live"
        {...hx({ "sse:connect": events })}
        class="inbox"
        data-open={p.openId ? String(p.openId) : ""}
      >
        <aside class={`inbox-list${p.openId ? " has-open" : ""}`}>
          <div class="inbox-tools">
            <search>
              <form method="get" action="/inbox" class="inbox-search">
                {p.query.channel ? (
                  <input type="hidden" name="channel" value={String(p.query.channel)} />
                ) : null}
                <input
                  type="search"
                  name="q"
                  value={p.query.q}
                  placeholder="Search messages, names, numbers"
                  aria-label="Search"
                />
              </form>
            </search>
            <div class="actions">
              <form method="get" action="/inbox" class="channel-switch">
                {p.query.filter ? <input type="hidden" name="filter" value={p.query.filter} /> : null}
                {p.query.status !== "open" ? (
                  <input type="hidden" name="status" value={p.query.status} />
                ) : null}
                {p.query.label ? <input type="hidden" name="label" value={String(p.query.label)} /> : null}
                <select name="channel" aria-label="Channel" class="autosubmit">
                  <option value="">All channels</option>
                  {p.channels.map((ch) => (
                    <option value={String(ch.id)} selected={p.query.channel === ch.id}>
                      {ch.name || ch.phone_e164}
                      {ch.deleted_at ? " (deleted)" : ""}
                    </option>
                  ))}
                </select>
                {p.assignView ? <AssignFilters query={p.query} view={p.assignView} /> : null}
                <noscript>
                  <button type="submit" class="small secondary">
                    Go
                  </button>
                </noscript>
              </form>
              <a class="button small" href="/inbox/compose">
                New message
              </a>
            </div>
            {p.channel && !p.openId ? (
              <p class="channel-line">
                <strong>{p.channel.name || p.channel.phone_e164}</strong>{" "}
                <ChannelStatusSlot channel={p.channel} />
              </p>
            ) : null}
            {/* The tabs' counts follow every change live, as the list does. */}
            <div
              id="inbox-tabs"
              {...hx({
                get: `/inbox/tabs${queryString({ ...p.query, q: "" })}`,
                trigger: "inbox-changed from:#live throttle:300ms",
                swap: "innerHTML",
              })}
            >
              <InboxTabs query={p.query} counts={p.counts} assignView={p.assignView} />
            </div>
            <LabelFilter query={p.query} labels={p.labels ?? []} />
            <BulkStatusForm back={`/inbox${queryString({ ...p.query, q: "" })}`}>
              <BulkLabelFields labels={p.labels ?? []} />
              {p.assignView ? (
                <BulkAssignFields people={p.assignView.people} teams={p.assignView.teams} />
              ) : null}
            </BulkStatusForm>
          </div>
          {p.list}
        </aside>
        <section class="inbox-pane">{p.pane}</section>
      </div>
    </Layout>
  );
}

/** The filter tabs (Mine, Unassigned… with counts) and the status tabs: the page's, and /inbox/tabs's answer. */
export function InboxTabs(p: {
  query: InboxQuery;
  counts: Record<ConversationStatus, number>;
  assignView?: AssignView;
}) {
  return (
    <>
      <QueryTabs label="Filters" query={p.query} param="filter" tabs={filterTabs(p.assignView)} />
      <StatusTabs query={p.query} counts={p.counts} />
    </>
  );
}

/** The list; it refetches itself when the live stream says something changed (not on search results, which stay put). */
export function ConversationListBox(p: {
  query: InboxQuery;
  activeId: number | null;
  children: Child;
  live?: boolean;
}) {
  if (p.live === false)
    return (
      <ul id="conv-list" class="conv-list">
        {p.children}
      </ul>
    );
  const refresh = `/inbox/list${queryString(p.query, p.activeId ? { active: String(p.activeId) } : {})}`;
  return (
    <ul
      id="conv-list"
      class="conv-list"
      {...hx({ get: refresh, trigger: "inbox-changed from:#live throttle:300ms", swap: "innerMorph" })}
    >
      {p.children}
    </ul>
  );
}

export function EmptyPane(props: { message?: Child }) {
  return (
    <div class="pane-empty">
      <p>{props.message ?? "Pick a conversation on the left, or start a new one."}</p>
    </div>
  );
}
