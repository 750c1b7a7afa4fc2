import type { Db } from "../db/open.ts";
import type { Tx } from "../db/write.ts";
import type { ConversationRow, MessageRow } from "./types.ts";
import type { StatusChange } from "./status.ts";
import type { PollTally, PollVoter } from "./polls.ts";
import type { CallRow } from "./calls.ts";
import type { ChatPresence } from "../whatsapp/driver.ts";
import type { NoteRow } from "./notes.ts";
import type { LabelRow } from "./labels.ts";
import type { AssignmentChange } from "./assignment.ts";

export type LinkedRecord = { type: string; id: number };

/** What in-transaction hooks (workflow triggers, webhook outbox) see of a freshly stored message. */
export type StoredMessage = {
  message: MessageRow;
  conversation: ConversationRow;
  links: LinkedRecord[];
  history: boolean;
};

/**
 * The one catalogue of domain events. Each is emitted inside the write that made it true; the
 * live hub (SSE), webhooks and workflows all listen here, in one of two phases.
 */
export type DomainEvent =
  /** A message arrived (or was typed on the phone) and is stored with its conversation and links. */
  | ({ type: "message.stored" } & StoredMessage)
  /** Someone reacted to a message (or took their reaction back: `removed`); "me" is our own account. */
  | {
      type: "message.reaction";
      message: MessageRow;
      conversation: ConversationRow;
      reaction: { by: string; name: string; emoji: string; removed: boolean };
    }
  /** A message's text was edited by its author; the earlier text is kept (message_edits). */
  | { type: "message.edited"; message: MessageRow; conversation: ConversationRow; previousText: string }
  /** Deleted for everyone by its author: the row stays, shown as deleted. */
  | { type: "message.deleted"; message: MessageRow; conversation: ConversationRow }
  /** A placeholder for a message WhatsApp could not decrypt yet (no workflows, no webhooks). */
  | { type: "message.placeholder"; message: MessageRow }
  /** A history-sync batch stored messages in these conversations (no workflows, no webhooks). */
  | { type: "history.stored"; conversations: { channelId: number; conversationId: number }[] }
  /** A message sent through Pairbox: queued, then each new state (sending, sent, delivered, read, failed). */
  | { type: "outbound.queued"; message: MessageRow }
  | { type: "outbound.changed"; message: MessageRow }
  /** Someone voted in a poll (or changed or withdrew their vote): the voter's selection and the new tally. */
  | {
      type: "poll.voted";
      message: MessageRow;
      conversation: ConversationRow;
      voter: PollVoter;
      tally: PollTally;
    }
  /** A message's media was stored, refused or failed. */
  | { type: "media.changed"; channelId: number; conversationId: number; messageId: number }
  /** A conversation's own fields changed (a LID became a phone, a group's subject). */
  | { type: "conversation.changed"; channelId: number; conversationId: number }
  /** A person, a team or both were set (or cleared): by a person, auto-assignment or a workflow. */
  | {
      type: "conversation.assigned";
      conversation: ConversationRow;
      userId: number | null;
      /** The person it had before: a bell rings only for a new one. */
      previousUserId: number | null;
      change: AssignmentChange;
    }
  /** Open, pending, resolved or snoozed: by a person, a customer's message or the snooze's end. */
  | { type: "conversation.status"; conversation: ConversationRow; change: StatusChange }
  /** A private note was written (never a message: no WhatsApp, no message webhooks). */
  | { type: "conversation.note"; conversation: ConversationRow; note: NoteRow }
  /** Labels were added to or removed from a conversation; `labels` is what it has now. */
  | {
      type: "conversation.labels";
      conversation: ConversationRow;
      labels: LabelRow[];
      added: number[];
      removed: number[];
      byUserId: number | null;
    }
  | {
      type: "record.linked";
      conversation: ConversationRow;
      record: { type: string; id: number; name: string };
    }
  | { type: "record.unlinked"; conversation: ConversationRow; recordId: number }
  /** A channel's row changed (status, QR, settings); listeners read it afresh. */
  | { type: "channel.changed"; channelId: number }
  /** A customer called (src/messaging/calls.ts): emitted after its row's own `message.stored`. */
  | { type: "call.received"; stored: StoredMessage; call: CallRow }
  /** A call's row changed: answered on another device, or declined. */
  | { type: "call.changed"; channelId: number; conversationId: number; messageId: number }
  /** The customer is typing (or recording, or stopped) in this conversation: nothing is stored. */
  | { type: "presence.changed"; channelId: number; conversationId: number; state: ChatPresence }
  /** A person flipped their Available / Away switch (auto-assignment skips whoever is away). */
  | { type: "user.availability"; userId: number; away: boolean };

export type DomainEventType = DomainEvent["type"];
export type EventOf<K extends DomainEventType> = Extract<DomainEvent, { type: K }>;

/** inTransaction: runs inside the write, and what it writes commits with the change or not at all. */
export type Phase = "inTransaction" | "afterCommit";

type Handler = (event: DomainEvent, tx: Tx) => void;

export class DomainEvents {
  private handlers = new Map<string, Handler[]>();

  on<K extends DomainEventType>(
    type: K,
    phase: Phase,
    handler: (event: EventOf<K>, tx: Tx) => void,
  ): () => void {
    const h: Handler = (event, tx) => {
      if (phase === "inTransaction") handler(event as EventOf<K>, tx);
      else tx.afterCommit(() => handler(event as EventOf<K>, tx));
    };
    const list = this.handlers.get(type) ?? [];
    list.push(h);
    this.handlers.set(type, list);
    return () => {
      const i = list.indexOf(h);
      if (i >= 0) list.splice(i, 1);
    };
  }

  dispatch(event: DomainEvent, tx: Tx): void {
    for (const h of [...(this.handlers.get(event.type) ?? [])]) h(event, tx);
  }
}

// Listeners are found through the database, so code that holds only `db` (records linking, say)
// emits to the services built on it. One process builds one; tests may build two over one database.
const registry = new WeakMap<Db, Set<DomainEvents>>();

export function attachDomainEvents(db: Db, events: DomainEvents): void {
  const set = registry.get(db) ?? new Set();
  set.add(events);
  registry.set(db, set);
}

/** Emits inside the write `tx`: in-transaction listeners run now, after-commit ones once it commits. */
export function emit(tx: Tx, event: DomainEvent): void {
  for (const events of registry.get(tx.db) ?? []) events.dispatch(event, tx);
}
