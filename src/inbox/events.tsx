import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam } from "../web/forms.ts";
import { userLiveStream } from "../auth/live-session.ts";
import { currentUser } from "../auth/middleware.ts";
import { accessibleChannelIds } from "../channels/access.ts";
import type { LiveEvent } from "../messaging/live-hub.ts";
import { findMessage, markRead } from "../messaging/store.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { quotedMessages } from "../messaging/thread-queries.ts";
import { richPropsFor } from "./rich-props.ts";
import { bubbleExtras } from "../messaging/bubble-data.ts";
import { MessageBubble } from "./views/message.tsx";
import { ChannelStatusSlot } from "./views/channel-slot.tsx";
import { findChannel } from "../channels/store.ts";
import type { Db } from "../db/open.ts";
import type { ConversationRow } from "../messaging/types.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { ConversationHeaderFor } from "./header.tsx";
import { statusLines } from "./status.tsx";
import { StatusLine } from "./views/status.tsx";
import { TypingSlot } from "./views/typing.tsx";
import type { ChatPresence } from "../whatsapp/driver.ts";
import { sendReadReceipts, watchTyping } from "./chat-state.ts";
import { notePartials } from "./note-live.tsx";
import { assignmentLines } from "./assign.ts";
import { AssignmentLine } from "./views/assign.tsx";
import { flippedBy, isAvailability } from "./availability-live.tsx";
import { AVAILABILITY_CHANGED } from "../auth/views/availability.tsx";

/**
 * One server-sent-event stream per inbox tab. Events are queued by the hub and rendered here, inside
 * this request's own context (its user, its CSRF token), never in the publisher's.
 *
 * What changes in the open conversation: its messages (new, or a new delivery state), upserted by
 * id so a row the tab already has (its own send) is replaced rather than doubled; its header
 * (assignee, linked records); and the status badge of its channel.
 */
async function openConversationPartials(
  db: Db,
  open: ConversationRow,
  batch: LiveEvent[],
  user: CurrentUser,
  at: number,
): Promise<{ html: string[]; messages: number }> {
  const html = await channelStatusPartial(db, open.channel_id, batch);
  // Assigned, linked or unlinked in another tab, or someone in its assignee picker went away or came
  // back: the header again, read afresh.
  const now = batch.some(
    (e) => (e.type === "conversation" && e.conversationId === open.id) || e.type === "availability",
  )
    ? findConversation(db, open.id)
    : null;
  if (now) {
    const header = await (<ConversationHeaderFor db={db} row={now} user={user} />).toString();
    html.push(`<hx-partial hx-target="#conv-header-${open.id}" hx-swap="outerHTML">${header}</hx-partial>`);
    // A status change also shows as the newest line of the timeline (upserted: never twice).
    const line = statusLines(db, open.id).at(-1);
    if (line) {
      const text = await (<StatusLine line={line} />).toString();
      html.push(`<hx-partial hx-target="#msgs-${open.id}" hx-swap="upsert">${text}</hx-partial>`);
    }
    const assigned = assignmentLines(db, open.id).at(-1);
    if (assigned) {
      const text = await (<AssignmentLine line={assigned} />).toString();
      html.push(`<hx-partial hx-target="#msgs-${open.id}" hx-swap="upsert">${text}</hx-partial>`);
    }
  }
  // Only the latest typing state of the batch counts: "typing…" then "paused" shows nothing.
  let lastTyping = batch.findLastIndex((e) => e.type === "presence" && e.conversationId === open.id);
  const typing = batch[lastTyping];
  if (typing?.type === "presence") html.push(await typingPartial(open.id, typing.state));
  html.push(...(await notePartials(db, open.id, batch)));
  const seen = new Set<number>();
  for (const event of batch) {
    if (
      (event.type !== "message" && event.type !== "message.status") ||
      event.conversationId !== open.id ||
      seen.has(event.messageId)
    )
      continue;
    seen.add(event.messageId);
    const m = findMessage(db, event.messageId);
    if (!m) continue;
    const quoted = m.quoted_wa_id
      ? (quotedMessages(db, m.channel_id, [m]).get(m.quoted_wa_id) ?? null)
      : undefined;
    const extras = bubbleExtras(db, [m], at).get(m.id);
    const bubble = await (
      <MessageBubble
        m={m}
        group={open.kind === "group"}
        quoted={quoted}
        extras={extras}
        rich={richPropsFor(db, [m]).get(m.id)}
      />
    ).toString();
    html.push(`<hx-partial hx-target="#msgs-${open.id}" hx-swap="upsert">${bubble}</hx-partial>`);
    // The customer's message arrived after their typing: they stopped.
    if (m.direction === "inbound" && event.type === "message" && batch.indexOf(event) > lastTyping) {
      html.push(await typingPartial(open.id, null));
      lastTyping = batch.length;
    }
  }
  return { html, messages: seen.size };
}

async function typingPartial(conversationId: number, state: ChatPresence | null): Promise<string> {
  const slot = await (<TypingSlot conversationId={conversationId} state={state} />).toString();
  return `<hx-partial hx-target="#typing-${conversationId}" hx-swap="outerHTML">${slot}</hx-partial>`;
}

/** The channel's status badge again, when the batch says it changed (header of a conversation, or top of a narrowed list). */
async function channelStatusPartial(db: Db, channelId: number, batch: LiveEvent[]): Promise<string[]> {
  if (!batch.some((e) => e.type === "channel.status" && e.channelId === channelId)) return [];
  const channel = findChannel(db, channelId);
  return channel
    ? [
        `<hx-partial hx-target="#chan-status-${channel.id}" hx-swap="outerHTML">${await (<ChannelStatusSlot channel={channel} />).toString()}</hx-partial>`,
      ]
    : [];
}

export function inboxEventsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/inbox/events", (c) => {
    const { db, clock, services } = c.get("deps");
    const openId = idParam(c.req.query("open"));
    const open = openId ? findConversation(db, openId) : null;
    const openConversation =
      open && accessibleChannelIds(db, currentUser(c)).includes(open.channel_id) ? open : null;
    const narrowedTo = openConversation ? null : idParam(c.req.query("channel"));
    if (openConversation) watchTyping(c.get("deps"), openConversation);
    const queue: LiveEvent[] = [];

    return userLiveStream(c, {
      subscribe: (wake) =>
        services.hub.subscribe((event) => {
          queue.push(event);
          wake();
        }),
      pending: () => queue.length > 0,
      async flush(stream, user) {
        // Access can change while a tab stays open (that may be the very change announced): re-read it
        // for every batch, with the user as they are now, so nothing of a channel someone just lost
        // reaches them.
        const channels = new Set(accessibleChannelIds(db, user));
        const batch = queue
          .splice(0, queue.length)
          .filter((e) => isAvailability(e) || channels.has(e.channelId));
        if (batch.length === 0) return;
        const stillOpen =
          openConversation && channels.has(openConversation.channel_id) ? openConversation : null;
        const partials = stillOpen
          ? await openConversationPartials(db, stillOpen, batch, user, clock())
          : {
              html:
                narrowedTo && channels.has(narrowedTo)
                  ? await channelStatusPartial(db, narrowedTo, batch)
                  : [],
              messages: 0,
            };
        // The person is looking at this conversation: what arrives is read.
        if (stillOpen && partials.messages > 0) {
          markRead(db, user.id, stillOpen.id, clock());
          void sendReadReceipts(c.get("deps"), stillOpen);
        }
        if (partials.html.length > 0) await stream.writeSSE({ data: partials.html.join("") });
        if (flippedBy(batch, user.id)) await stream.writeSSE({ event: AVAILABILITY_CHANGED, data: "" });
        // Availability alone changes no conversation: the list stays as it is.
        const changes = batch.filter((e) => !isAvailability(e)).length;
        if (changes > 0) await stream.writeSSE({ event: "inbox-changed", data: String(changes) });
        // An assignment may have rung this person's bell: the bell asks for its count again.
        if (batch.some((e) => e.type === "conversation"))
          await stream.writeSSE({ event: "bell-changed", data: "" });
      },
    });
  });
  return app;
}
