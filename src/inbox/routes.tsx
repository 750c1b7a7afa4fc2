import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { accessibleChannels, findAccessibleChannel } from "../channels/access.ts";
import { conversationMessages, conversationMessagesFrom, findMessage, markRead } from "../messaging/store.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import type { MessageRow } from "../messaging/types.ts";
import { statusLines } from "./status.tsx";
import { linkedNote, noteAnchorMessage, timelineNotes } from "./notes.tsx";
import { listLabels } from "../messaging/labels.ts";
import { NoteForm, ReplyTabs } from "./views/note.tsx";
import { assignmentTimeline } from "./assign-routes.tsx";
import { cursorOf, quotedMessages } from "../messaging/thread-queries.ts";
import { richPropsFor } from "./rich-props.ts";
import { ShareLinks } from "./views/share-page.tsx";
import { bubbleExtras } from "../messaging/bubble-data.ts";
import type { Db } from "../db/open.ts";
import { conversationRecords } from "./records-adapter.ts";
import { sendReadReceipts } from "./chat-state.ts";
import { TypingSlot } from "./views/typing.tsx";
import { composeDisabledReason, templateOptions } from "./compose-options.ts";
import { ConversationRows, conversationName } from "./views/list.tsx";
import { ConversationHeaderFor } from "./header.tsx";
import { ConversationListBox, InboxPage, InboxTabs } from "./views/page.tsx";
import { MessageList, OlderMessages, ReplyBox } from "./views/conversation.tsx";
import { listFor, pageCounts, listView, PAGE, readQuery, searchView } from "./list-views.tsx";

const MESSAGES_PAGE = 60;
const MAX_REFRESH = 500;
const CONTEXT_BEFORE_HIT = 10;
const NEWER_AFTER_HIT = 200;

export function inboxRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/inbox", (c) => {
    const query = readQuery(c);
    const { db } = c.get("deps");
    const channels = accessibleChannels(db, currentUser(c));
    const view = query.q ? searchView(c, query, query.q, channels) : listView(c, query, channels);
    return c.html(
      <InboxPage
        query={query}
        channels={channels}
        labels={listLabels(db)}
        {...pageCounts(c, query, channels)}
        openId={null}
        {...view}
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

  // The tabs again with fresh counts, when the live stream says something changed.
  app.get("/inbox/tabs", (c) => {
    const query = readQuery(c);
    const channels = accessibleChannels(c.get("deps").db, currentUser(c));
    return c.html(<InboxTabs query={query} {...pageCounts(c, query, channels)} />);
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
        rich={richPropsFor(db, messages)}
        extras={bubbleExtras(db, messages, c.get("deps").clock())}
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
  /** A refused note (no JavaScript): the Note tab open again with its text and the reason. */
  note: { text: string; error: string } | null = null,
) {
  const { db, clock, config } = c.get("deps");
  const user = currentUser(c);
  const { row } = found;
  markRead(db, user.id, row.id, clock());
  void sendReadReceipts(c.get("deps"), row);
  const query = readQuery(c);
  const { rows, more } = listFor(c, query, null);
  const linked = linkedNote(db, row.id, idParam(c.req.query("note")));
  const { messages, olderUrl, newerHidden } = messagesToShow(c, row.id, noteAnchorMessage(db, linked));
  const records = conversationRecords(db, row.id);
  const title = conversationName({ ...row, record_name: records[0]?.name ?? null });
  return c.html(
    <InboxPage
      query={query}
      channels={accessibleChannels(db, user)}
      labels={listLabels(db)}
      {...pageCounts(c, query, accessibleChannels(db, user))}
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
            rich={richPropsFor(db, messages)}
            extras={bubbleExtras(db, messages, clock())}
            olderUrl={olderUrl}
            latestUrl={newerHidden ? `/inbox/c/${row.id}` : null}
            statusLines={statusLines(db, row.id)}
            notes={timelineNotes(db, row.id, linked)}
            lines={assignmentTimeline(db, row.id)}
          />
          <TypingSlot conversationId={row.id} state={null} />
          <ReplyTabs
            conversationId={row.id}
            active={note || c.req.query("compose") === "note" ? "note" : "reply"}
            reply={
              <ReplyBox
                conversationId={row.id}
                disabled={composeDisabledReason(found.channel)}
                templates={templateOptions(db)}
                maxUploadMb={config.maxUploadMb}
                replyTo={replyTarget(db, row.id, c.req.query("reply_to"))}
              />
            }
            note={<NoteForm conversationId={row.id} text={note?.text} error={note?.error} />}
          />
          {composeDisabledReason(found.channel) ? null : <ShareLinks conversationId={row.id} />}
        </div>
      }
    />,
    assignError || statusError || note ? 422 : 200,
  );
}

/**
 * The newest messages; or, opened from a search hit (?at=<message id>), a few before the hit and
 * what follows it, so an old message shows in its place whatever its age.
 */
function messagesToShow(
  c: Context<AppEnv>,
  conversationId: number,
  /** A message to open at without `?at=` (the one before a linked note). */
  near: number | null = null,
): { messages: MessageRow[]; olderUrl: string | null; newerHidden: boolean } {
  const { db } = c.get("deps");
  const atId = idParam(c.req.query("at")) ?? near;
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

/** ?reply_to=<message id>: the Reply link without script, when that message is in this conversation. */
function replyTarget(db: Db, conversationId: number, value: string | undefined) {
  const id = idParam(value);
  const m = id ? findMessage(db, id) : null;
  return m && m.conversation_id === conversationId && m.wa_id
    ? { id: m.id, text: (m.text || `[${m.type}]`).slice(0, 200) }
    : null;
}

/** The conversation in the URL, if the user may access its channel; otherwise null, which callers turn into 404. */
export function loadConversation(c: Context<AppEnv>) {
  const { db } = c.get("deps");
  const id = idParam(c.req.param("id"));
  const row = id ? findConversation(db, id) : null;
  const channel = row ? findAccessibleChannel(db, currentUser(c), row.channel_id) : null;
  return row && channel ? { row, channel } : null;
}
