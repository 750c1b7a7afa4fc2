import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import type { Db } from "../db/open.ts";
import { idParam } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { accessibleChannels, findAccessibleChannel } from "../channels/access.ts";
import {
  conversationMessages,
  conversationMessagesFrom,
  findMessage,
  listConversations,
  markRead,
  searchConversations,
  searchMessages,
  type ConversationListItem,
} from "../messaging/store.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import type { ConversationStatus, MessageRow } from "../messaging/types.ts";
import { STATUSES, statusCounts } from "../messaging/status.ts";
import { statusLines } from "./status.tsx";
import { cursorOf, quotedMessages } from "../messaging/thread-queries.ts";
import { conversationRecords, recordNames } from "./records-adapter.ts";
import { composeDisabledReason, templateOptions } from "./compose-options.ts";
import { ConversationRows, conversationName, queryString, type InboxQuery } from "./views/list.tsx";
import { findChannel } from "../channels/store.ts";
import { RECORD_TYPES } from "../records/public.ts";
import { searchAcrossTypes } from "../records/store.ts";
import { ConversationHeaderFor } from "./header.tsx";
import { ConversationListBox, EmptyPane, InboxPage } from "./views/page.tsx";
import { MessageList, OlderMessages, ReplyBox } from "./views/conversation.tsx";
import { SearchResults } from "./views/search.tsx";

/** How many conversations each status tab holds, over the channels the person may use. */
const countsOf = (db: Db, channels: { id: number }[]) =>
  statusCounts(
    db,
    channels.map((ch) => ch.id),
  );

const PAGE = 50;
const MESSAGES_PAGE = 60;
const SEARCH_PAGE = 50;
const MAX_REFRESH = 500;
const CONTEXT_BEFORE_HIT = 10;
const NEWER_AFTER_HIT = 200;

function readQuery(c: Context<AppEnv>): InboxQuery {
  const filter = c.req.query("filter") ?? "";
  const status = c.req.query("status") ?? "";
  return {
    channel: idParam(c.req.query("channel")),
    filter: ["unread", "unlinked", "groups", "mine"].includes(filter) ? filter : "",
    q: (c.req.query("q") ?? "").slice(0, 200),
    status: [...STATUSES, "all"].includes(status) ? status : "open",
  };
}

function withNames(c: Context<AppEnv>, rows: ConversationListItem[]) {
  const names = recordNames(
    c.get("deps").db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, record_name: names.get(r.id) ?? null }));
}

/** The list for the query, plus the URL of its next page when there is one. */
function listFor(
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
    status: query.status === "all" ? null : (query.status as ConversationStatus),
  });
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  const more =
    rows.length > size && last
      ? `/inbox/list${queryString(query, { before: `${last.last_message_at}:${last.id}` })}`
      : null;
  return { rows: withNames(c, page), more };
}

export function inboxRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/inbox", (c) => {
    const { db } = c.get("deps");
    const user = currentUser(c);
    const query = readQuery(c);
    const channels = accessibleChannels(db, user);
    if (query.q) {
      const ids = channels.map((ch) => ch.id);
      const customers = searchAcrossTypes(db, { text: query.q.trim(), e164: null }, RECORD_TYPES, 50).map(
        (r) => r.id,
      );
      const conversations = withNames(c, searchConversations(db, ids, query.q, user.id, 20, customers));
      const before = idParam(c.req.query("before"));
      const hits = searchMessages(db, ids, query.q, SEARCH_PAGE + 1, before);
      const page = hits.slice(0, SEARCH_PAGE);
      const more =
        hits.length > SEARCH_PAGE
          ? `/inbox${queryString(query, { before: String(page[page.length - 1]!.message_id) })}`
          : null;
      return c.html(
        <InboxPage
          query={query}
          channels={channels}
          counts={countsOf(db, channels)}
          openId={null}
          title="Search"
          list={
            <ConversationListBox query={{ ...query, q: "" }} activeId={null} live={false}>
              <ConversationRows
                rows={conversations}
                activeId={null}
                query={{ ...query, q: "" }}
                more={null}
                empty="No name or number matches."
              />
            </ConversationListBox>
          }
          pane={<SearchResults q={query.q} hits={page} more={more} />}
        />,
      );
    }
    const { rows, more } = listFor(c, query, null);
    const narrowedTo =
      query.channel && channels.some((ch) => ch.id === query.channel) ? findChannel(db, query.channel) : null;
    return c.html(
      <InboxPage
        query={query}
        channels={channels}
        counts={countsOf(db, channels)}
        openId={null}
        channel={narrowedTo}
        list={
          <ConversationListBox query={query} activeId={null}>
            <ConversationRows rows={rows} activeId={null} query={query} more={more} />
          </ConversationListBox>
        }
        pane={
          <EmptyPane
            message={
              channels.length === 0
                ? "No channel is shared with you yet. An administrator adds WhatsApp numbers under Channels."
                : undefined
            }
          />
        }
      />,
    );
  });

  app.get("/inbox/list", (c) => {
    const query = readQuery(c);
    // A live refresh asks for as many rows as the tab shows (static/app.js), so Load more is not undone.
    const shown = Number(c.req.query("shown"));
    const size = Number.isInteger(shown) && shown > PAGE ? Math.min(shown, MAX_REFRESH) : PAGE;
    const { rows, more } = listFor(c, query, cursorOf(c.req.query("before")), size);
    return c.html(
      <ConversationRows rows={rows} activeId={idParam(c.req.query("active"))} query={query} more={more} />,
    );
  });

  app.get("/inbox/c/:id", (c) => {
    const found = loadConversation(c);
    if (!found) return c.notFound();
    return conversationPage(c, found);
  });

  app.get("/inbox/c/:id/older", (c) => {
    const { db } = c.get("deps");
    const conversation = loadConversation(c);
    if (!conversation) return c.notFound();
    const { row } = conversation;
    const messages = conversationMessages(db, row.id, MESSAGES_PAGE + 1, cursorOf(c.req.query("before")));
    const older = messages.length > MESSAGES_PAGE ? messages.shift() && messages[0] : null;
    const olderUrl = older ? `/inbox/c/${row.id}/older?before=${older.wa_timestamp}:${older.id}` : null;
    return c.html(
      <OlderMessages
        group={row.kind === "group"}
        messages={messages}
        quoted={quotedMessages(db, row.channel_id, messages)}
        olderUrl={olderUrl}
      />,
    );
  });

  return app;
}

/**
 * The inbox with one conversation open. Opening it marks it read for this person (read state is
 * per user). Also answers a refused assignment, with the reason in the header.
 */
export function conversationPage(
  c: Context<AppEnv>,
  found: NonNullable<ReturnType<typeof loadConversation>>,
  assignError: string | null = null,
  statusError: string | null = null,
) {
  const { db, clock, config } = c.get("deps");
  const user = currentUser(c);
  const { row } = found;
  markRead(db, user.id, row.id, clock());
  const query = readQuery(c);
  const { rows, more } = listFor(c, query, null);
  const { messages, olderUrl, newerHidden } = messagesToShow(c, row.id);
  const records = conversationRecords(db, row.id);
  const title = conversationName({ ...row, record_name: records[0]?.name ?? null });
  return c.html(
    <InboxPage
      query={query}
      channels={accessibleChannels(db, user)}
      counts={countsOf(db, accessibleChannels(db, user))}
      openId={row.id}
      title={title}
      list={
        <ConversationListBox query={query} activeId={row.id}>
          <ConversationRows rows={rows} activeId={row.id} query={query} more={more} />
        </ConversationListBox>
      }
      pane={
        <div class="conversation">
          <ConversationHeaderFor
            db={db}
            row={row}
            user={user}
            assignError={assignError}
            statusError={statusError}
          />
          <MessageList
            conversationId={row.id}
            group={row.kind === "group"}
            messages={messages}
            quoted={quotedMessages(db, row.channel_id, messages)}
            olderUrl={olderUrl}
            latestUrl={newerHidden ? `/inbox/c/${row.id}` : null}
            statusLines={statusLines(db, row.id)}
          />
          <ReplyBox
            conversationId={row.id}
            disabled={composeDisabledReason(found.channel)}
            templates={templateOptions(db)}
            maxUploadMb={config.maxUploadMb}
          />
        </div>
      }
    />,
    assignError || statusError ? 422 : 200,
  );
}

/**
 * The newest messages; or, opened from a search hit (?at=<message id>), a few before the hit and
 * what follows it, so an old message shows in its place whatever its age.
 */
function messagesToShow(
  c: Context<AppEnv>,
  conversationId: number,
): { messages: MessageRow[]; olderUrl: string | null; newerHidden: boolean } {
  const { db } = c.get("deps");
  const atId = idParam(c.req.query("at"));
  const at = atId ? findMessage(db, atId) : null;
  const target = at && at.conversation_id === conversationId ? at : null;
  const messages = conversationMessages(
    db,
    conversationId,
    (target ? CONTEXT_BEFORE_HIT : MESSAGES_PAGE) + 1,
    target ? { at: target.wa_timestamp, id: target.id } : null,
  );
  const older =
    messages.length > (target ? CONTEXT_BEFORE_HIT : MESSAGES_PAGE) ? messages.shift() && messages[0] : null;
  const olderUrl = older ? `/inbox/c/${conversationId}/older?before=${older.wa_timestamp}:${older.id}` : null;
  if (!target) return { messages, olderUrl, newerHidden: false };
  const from = conversationMessagesFrom(
    db,
    conversationId,
    { at: target.wa_timestamp, id: target.id },
    NEWER_AFTER_HIT + 1,
  );
  const newerHidden = from.length > NEWER_AFTER_HIT;
  return { messages: [...messages, ...from.slice(0, NEWER_AFTER_HIT)], olderUrl, newerHidden };
}

/** The conversation in the URL, if the user may access its channel; otherwise null, which callers turn into 404. */
export function loadConversation(c: Context<AppEnv>) {
  const { db } = c.get("deps");
  const id = idParam(c.req.param("id"));
  const row = id ? findConversation(db, id) : null;
  const channel = row ? findAccessibleChannel(db, currentUser(c), row.channel_id) : null;
  return row && channel ? { row, channel } : null;
}
