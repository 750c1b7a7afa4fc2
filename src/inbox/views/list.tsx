import type { ConversationListItem } from "../../messaging/store.ts";
import { previewOf } from "./format.ts";
import { Avatar } from "../../ui/components/avatar.tsx";
import { Icon } from "../../ui/icons/icon.tsx";
import { PreviewIcon } from "./preview-icon.tsx";
import { LoadMoreButton } from "../../ui/components/load-more.tsx";
import type { LabelRow } from "../../messaging/labels.ts";
import { LabelChips } from "../../labels/views/chips.tsx";

/**
 * status: "open" (the default), "pending", "resolved", "snoozed", or "all"; assignee and team narrow
 * the list to one person's or one team's conversations.
 */
export type InboxQuery = {
  channel: number | null;
  filter: string;
  q: string;
  status: string;
  label?: number | null;
  assignee?: number | null;
  team?: number | null;
};

export function queryString(q: InboxQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (q.channel) p.set("channel", String(q.channel));
  if (q.filter) p.set("filter", q.filter);
  if (q.status && q.status !== "open") p.set("status", q.status);
  if (q.label) p.set("label", String(q.label));
  if (q.assignee) p.set("assignee", String(q.assignee));
  if (q.team) p.set("team", String(q.team));
  if (q.q) p.set("q", q.q);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The name a person sees for a conversation: linked record, push name or group subject, else the number. */
/** A group goes by its subject (the account it is linked to shows in its header); a person by their record's name. */
export function conversationName(c: {
  title: string;
  peer_phone: string | null;
  kind: string;
  chat_jid: string;
  record_name?: string | null;
}): string {
  if (c.kind === "group" && c.title) return c.title;
  if (c.record_name) return c.record_name;
  if (c.title) return c.title;
  if (c.peer_phone) return c.peer_phone;
  return c.kind === "group" ? "Group" : c.chat_jid.replace(/@.*/, "");
}

/**
 * One row of the conversation list. It carries no hx-* attributes, so it may also arrive
 * over server-sent events (which bypass htmx's nonce check) and still work.
 */
export function ConversationRowView(p: {
  c: ConversationListItem & { record_name?: string | null; labels?: LabelRow[] };
  active: boolean;
  query: InboxQuery;
}) {
  const c = p.c;
  const name = conversationName(c);
  return (
    <li id={`conv-${c.id}`} class={`conv${p.active ? " active" : ""}${c.unread > 0 ? " unread" : ""}`}>
      <input
        type="checkbox"
        name="ids"
        value={String(c.id)}
        form="bulk-status"
        aria-label={`Select ${name}`}
      />
      <a href={`/inbox/c/${c.id}${queryString(p.query)}`}>
        <Avatar name={name} />
        <span class="conv-top">
          <span class="conv-name">
            {c.kind === "group" ? <Icon name="group" label="Group" /> : null}
            <bdi>{name}</bdi>
          </span>
          <time class="conv-time" datetime={new Date(c.last_message_at).toISOString()} data-short="1">
            {new Date(c.last_message_at).toISOString().slice(0, 16).replace("T", " ")}
          </time>
        </span>
        <span class="conv-bottom">
          <span class="conv-preview">
            {c.last_direction === "outbound" ? "You: " : ""}
            <PreviewIcon type={c.last_type} />
            <bdi>{previewOf(c.last_type, c.last_text)}</bdi>
          </span>
          {c.unread > 0 ? (
            <span class="unread-count" role="img" aria-label={`${c.unread} unread`}>
              {c.unread}
            </span>
          ) : null}
        </span>
        <LabelChips labels={c.labels ?? []} />
        <span class="conv-channel">
          {c.channel_name || c.channel_phone}
          {c.channel_deleted ? " (deleted channel)" : ""}
        </span>
      </a>
    </li>
  );
}

export function ConversationRows(p: {
  rows: (ConversationListItem & { record_name?: string | null; labels?: LabelRow[] })[];
  activeId: number | null;
  query: InboxQuery;
  more: string | null;
  empty?: string;
}) {
  return (
    <>
      {p.rows.map((c) => (
        <ConversationRowView c={c} active={c.id === p.activeId} query={p.query} />
      ))}
      {p.more ? (
        <li class="conv-more" id="conv-more">
          <LoadMoreButton url={p.more} box="conv-more" label="Load more" />
        </li>
      ) : null}
      {p.rows.length === 0 && !p.more ? (
        <li class="empty">{p.empty ?? "No conversations here yet."}</li>
      ) : null}
    </>
  );
}

/**
 * A row of inbox tabs (filters, statuses): each link keeps the rest of the query and leaves search;
 * the one in effect is marked as the current page.
 */
export function QueryTabs(p: {
  label: string;
  query: InboxQuery;
  param: "filter" | "status";
  tabs: { key: string; label: string }[];
  id?: string;
  class?: string;
}) {
  return (
    <nav class={p.class ?? "filters"} id={p.id} aria-label={p.label}>
      {p.tabs.map((t) => (
        <a
          href={`/inbox${queryString({ ...p.query, [p.param]: t.key, q: "" })}`}
          aria-current={p.query[p.param] === t.key && !p.query.q ? "page" : undefined}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
