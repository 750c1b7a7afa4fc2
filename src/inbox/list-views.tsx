import type { Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import type { Db } from "../db/open.ts";
import { idParam } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { accessibleChannels, type ChannelAccessRow } from "../channels/access.ts";
import { listConversations, type ConversationListItem } from "../messaging/store.ts";
import { searchConversations, searchMessages } from "../messaging/search.ts";
import type { ConversationStatus } from "../messaging/types.ts";
import { STATUSES, statusCounts, type CountScope } from "../messaging/status.ts";
import { activeUsers } from "../auth/users-store.ts";
import { listGroups } from "../auth/teams-store.ts";
import { recordNames } from "./records-adapter.ts";
import { labelsOfConversations } from "../messaging/labels.ts";
import { ConversationRows, queryString, type InboxQuery } from "./views/list.tsx";
import { findChannel } from "../channels/store.ts";
import { RECORD_TYPES } from "../records/public.ts";
import { searchAcrossTypes } from "../records/store.ts";
import { ConversationListBox, EmptyPane } from "./views/page.tsx";
import { NoChannelYet } from "./views/no-channel.tsx";
import { can } from "../auth/principal.ts";
import { SearchResults } from "./views/search.tsx";
import { pageWithMore } from "../web/paging.ts";

/*
 * The inbox's list side: the query a page was asked for, the conversation list (a page of it and the
 * link to the next), and the search view. The routes in routes.tsx put them beside a conversation.
 */

/** Which conversations the status tabs count: those the list's assignment filter shows. */
export function scopeOf(query: InboxQuery, userId: number): CountScope {
  return {
    assigneeId: query.filter === "mine" ? userId : (query.assignee ?? null),
    teamId: query.team ?? null,
    unassigned: query.filter === "unassigned",
  };
}

/** How many conversations each status tab holds, over the channels the person may use. */
export const countsOf = (db: Db, channels: { id: number }[], scope: CountScope = {}) =>
  statusCounts(
    db,
    channels.map((ch) => ch.id),
    scope,
  );

/**
 * The numbers the list's tabs show: each status within the assignment filter in effect, and Mine
 * and Unassigned within the status in effect; plus the people and teams to filter and assign by.
 */
export function pageCounts(c: Context<AppEnv>, query: InboxQuery, channels: { id: number }[]) {
  const { db } = c.get("deps");
  const user = currentUser(c);
  const within = (counts: Record<ConversationStatus, number>) =>
    query.status === "all"
      ? Object.values(counts).reduce((a, b) => a + b, 0)
      : counts[query.status as ConversationStatus];
  return {
    counts: countsOf(db, channels, scopeOf(query, user.id)),
    assignView: {
      mine: within(countsOf(db, channels, { assigneeId: user.id })),
      unassigned: within(countsOf(db, channels, { unassigned: true })),
      people: activeUsers(db),
      teams: listGroups(db).map((g) => ({ id: g.id, name: g.name })),
    },
  };
}

export const PAGE = 50;
const SEARCH_PAGE = 50;

export function readQuery(c: Context<AppEnv>): InboxQuery {
  const filter = c.req.query("filter") ?? "";
  const status = c.req.query("status") ?? "";
  return {
    channel: idParam(c.req.query("channel")),
    filter: ["unread", "unlinked", "groups", "mine", "unassigned"].includes(filter) ? filter : "",
    q: (c.req.query("q") ?? "").slice(0, 200),
    status: [...STATUSES, "all"].includes(status) ? status : "open",
    label: idParam(c.req.query("label")),
    assignee: idParam(c.req.query("assignee")),
    team: idParam(c.req.query("team")),
  };
}

function withNames(c: Context<AppEnv>, rows: ConversationListItem[]) {
  const ids = rows.map((r) => r.id);
  const names = recordNames(c.get("deps").db, ids);
  const labels = labelsOfConversations(c.get("deps").db, ids);
  return rows.map((r) => ({ ...r, record_name: names.get(r.id) ?? null, labels: labels.get(r.id) ?? [] }));
}

/** The list for the query, plus the URL of its next page when there is one. */
export function listFor(
  c: Context<AppEnv>,
  query: InboxQuery,
  before: { at: number; id: number } | null,
  size = PAGE,
) {
  const { db } = c.get("deps");
  const user = currentUser(c);
  const channelIds = accessibleChannels(db, user).map((ch) => ch.id);
  const rows = listConversations(db, {
    channelIds,
    userId: user.id,
    channelId: query.channel,
    before,
    limit: size + 1,
    unread: query.filter === "unread",
    unlinked: query.filter === "unlinked",
    groups: query.filter === "groups",
    mine: query.filter === "mine",
    unassigned: query.filter === "unassigned",
    assigneeId: query.assignee ?? null,
    teamId: query.team ?? null,
    status: query.status === "all" ? null : (query.status as ConversationStatus),
    labelId: query.label ?? null,
  });
  const { page, more } = pageWithMore(
    rows,
    size,
    (last) => `/inbox/list${queryString(query, { before: `${last.last_message_at}:${last.id}` })}`,
  );
  return { rows: withNames(c, page), more };
}

/** /inbox?q=…: conversations whose name or number matches, and the messages that do. */
export function searchView(c: Context<AppEnv>, query: InboxQuery, q: string, channels: ChannelAccessRow[]) {
  const { db } = c.get("deps");
  const user = currentUser(c);
  const ids = channels.map((ch) => ch.id);
  const customers = searchAcrossTypes(db, { text: q.trim(), e164: null }, RECORD_TYPES, 50).map((r) => r.id);
  const conversations = withNames(c, searchConversations(db, ids, q, user.id, 20, customers));
  const before = idParam(c.req.query("before"));
  const hits = searchMessages(db, ids, q, SEARCH_PAGE + 1, before);
  const { page, more } = pageWithMore(
    hits,
    SEARCH_PAGE,
    (last) => `/inbox${queryString(query, { before: String(last.message_id) })}`,
  );
  return {
    title: "Search",
    list: (
      <ConversationListBox query={{ ...query, q: "" }} activeId={null} live={false}>
        <ConversationRows
          rows={conversations}
          activeId={null}
          query={{ ...query, q: "" }}
          more={null}
          empty="No name or number matches."
        />
      </ConversationListBox>
    ),
    pane: <SearchResults q={q} hits={page} more={more} />,
  };
}

/** /inbox: the conversation list (narrowed to one channel when asked) beside an empty pane. */
export function listView(c: Context<AppEnv>, query: InboxQuery, channels: ChannelAccessRow[]) {
  const { rows, more } = listFor(c, query, null);
  const narrowedTo =
    query.channel && channels.some((ch) => ch.id === query.channel)
      ? findChannel(c.get("deps").db, query.channel)
      : null;
  return {
    channel: narrowedTo,
    list: (
      <ConversationListBox query={query} activeId={null}>
        <ConversationRows rows={rows} activeId={null} query={query} more={more} />
      </ConversationListBox>
    ),
    pane: (
      <EmptyPane
        message={
          channels.length === 0 ? <NoChannelYet manage={can(currentUser(c), "channels.manage")} /> : undefined
        }
      />
    ),
  };
}
