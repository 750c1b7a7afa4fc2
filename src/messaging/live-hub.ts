import type { DomainEvent, DomainEvents } from "./events.ts";
import type { ChatPresence } from "../whatsapp/driver.ts";

/**
 * The live hub: an in-process publish/subscribe of inbox events. Publishers call it only after
 * their database transaction committed, so a subscriber that reads the database sees the change.
 */
export type LiveEvent =
  | { type: "message"; channelId: number; conversationId: number; messageId: number }
  | { type: "message.status"; channelId: number; conversationId: number; messageId: number }
  | { type: "conversation"; channelId: number; conversationId: number }
  | { type: "note"; channelId: number; conversationId: number; noteId: number }
  | { type: "channel.status"; channelId: number }
  /** Typing in a conversation: shown in the open one, never stored. */
  | { type: "presence"; channelId: number; conversationId: number; state: ChatPresence }
  /** Not of one channel: each tab decides what it shows of it (its own switch, an assignee picker). */
  | { type: "availability"; userId: number; away: boolean };

export type LiveListener = (event: LiveEvent) => void;

export class LiveHub {
  private listeners = new Set<LiveListener>();

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}

/** What each domain event tells open tabs, after its commit: the live hub's only publisher. */
export function liveEventsOf(event: DomainEvent): LiveEvent[] {
  switch (event.type) {
    case "message.stored":
      return [
        {
          type: "message",
          channelId: event.message.channel_id,
          conversationId: event.conversation.id,
          messageId: event.message.id,
        },
      ];
    // A new row in the thread ("message"), or a change to one it shows (re-rendered in place).
    case "outbound.queued":
    case "outbound.changed":
    case "message.reaction":
    case "message.edited":
    case "message.deleted":
    case "message.placeholder":
      return [
        {
          type:
            event.type === "outbound.queued" || event.type === "message.placeholder"
              ? "message"
              : "message.status",
          channelId: event.message.channel_id,
          conversationId: event.message.conversation_id,
          messageId: event.message.id,
        },
      ];
    case "media.changed":
      return [{ type: "message.status", ...pick(event), messageId: event.messageId }];
    case "poll.voted":
      return [
        {
          type: "message.status",
          channelId: event.message.channel_id,
          conversationId: event.message.conversation_id,
          messageId: event.message.id,
        },
      ];
    case "history.stored":
      return event.conversations.map((c) => ({ type: "conversation", ...c }));
    case "conversation.changed":
      return [{ type: "conversation", ...pick(event) }];
    case "conversation.note":
      return [
        {
          type: "note",
          channelId: event.conversation.channel_id,
          conversationId: event.conversation.id,
          noteId: event.note.id,
        },
      ];
    case "conversation.assigned":
    case "conversation.labels":
    case "conversation.status":
    case "record.linked":
    case "record.unlinked":
      return [
        {
          type: "conversation",
          channelId: event.conversation.channel_id,
          conversationId: event.conversation.id,
        },
      ];
    case "channel.changed":
      return [{ type: "channel.status", channelId: event.channelId }];
    case "call.changed":
      return [{ type: "message.status", ...pick(event), messageId: event.messageId }];
    case "presence.changed":
      return [{ type: "presence", ...pick(event), state: event.state }];
    case "call.received":
      // Its row was announced by its own message.stored.
      return [];
    case "user.availability":
      return [{ type: "availability", userId: event.userId, away: event.away }];
  }
}

const pick = (e: { channelId: number; conversationId: number }) => ({
  channelId: e.channelId,
  conversationId: e.conversationId,
});

/** Feeds the hub from the domain events, once each write has committed. */
export function connectLiveHub(events: DomainEvents, hub: LiveHub): void {
  const types: DomainEvent["type"][] = [
    "message.stored",
    "history.stored",
    "outbound.queued",
    "outbound.changed",
    "media.changed",
    "poll.voted",
    "message.reaction",
    "message.edited",
    "message.deleted",
    "message.placeholder",
    "conversation.changed",
    "conversation.assigned",
    "conversation.status",
    "conversation.note",
    "conversation.labels",
    "record.linked",
    "record.unlinked",
    "channel.changed",
    "call.changed",
    "presence.changed",
    "user.availability",
  ];
  for (const type of types)
    events.on(type, "afterCommit", (event) => {
      for (const live of liveEventsOf(event)) hub.publish(live);
    });
}
