import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import { write } from "../db/write.ts";
import { applyCountryPrefix, jidForPhone } from "../phone.ts";
import { ensureDirectConversation, findConversation, findConversationByChat } from "./conversations-store.ts";
import { findByIdempotencyKey, type NewOutbound } from "./outbound-store.ts";
import { messageTypeForMime, type Outbox } from "./outbox.ts";
import type { ConversationRow, MessageRow } from "./types.ts";
import type { MessageDetail, MessageType } from "../whatsapp/driver.ts";
import { findMessage } from "./store.ts";

/** A refusal a caller can show: the HTTP status it maps to, a code, and words for a person. */
export type Problem = {
  ok: false;
  status: 400 | 404 | 409 | 413 | 422 | 502;
  error: string;
  message: string;
  /** A machine-readable category, where the error has several causes (media.url). */
  reason?: string;
};

/**
 * Who a message goes to: a person by phone (normalised with the channel's country prefix, by the one
 * phone normaliser), a group Pairbox already knows, an existing conversation of this channel by id,
 * or a conversation the caller already holds (and checked access to).
 */
export type RecipientInput =
  | { conversation: ConversationRow }
  | { to?: string | undefined; group_jid?: string | undefined; conversation_id?: number | undefined };

export type SendChannel = { id: number; country_prefix: string; deleted_at: number | null };

export type OutboundFile = NonNullable<NewOutbound["media"]>;

export const WINDOW_MESSAGE = "recipient has not messaged this channel in the last 24 hours";
const WINDOW_MS = 24 * 60 * 60 * 1000;

/** No cold WhatsApp (workflows): the recipient must have written to this channel within 24 hours. */
export function withinReplyWindow(lastInboundAt: number | null, now: number): boolean {
  return lastInboundAt !== null && now - lastInboundAt <= WINDOW_MS;
}

/** The 24-hour rule, where it applies; `heardAt` says when the person last wrote (default: last inbound). */
export type ReplyWindow = { heardAt?: (c: ConversationRow) => number | null };

export type SendRequest = {
  channel: SendChannel;
  recipient: RecipientInput;
  /** One message each, sent in order (a new message's text rides as the first file's caption). */
  parts: { text: string; file: OutboundFile | null; asDocument?: boolean; detail?: MessageDetail | null }[];
  userId: number | null;
  /** A resend with the same key returns the first send. Several parts get `<key>:<n>` each. */
  idempotencyKey: string | null;
  keyPerPart?: boolean;
  replyWindow?: ReplyWindow;
  /** A reply: our id of the message it quotes, which must be in the same conversation. */
  replyTo?: number | null;
};

export type SendOutcome =
  | {
      ok: true;
      /** True when the key had already sent: `messages` holds the first send's first message. */
      replayed: boolean;
      messages: MessageRow[];
      conversationId: number;
      /** Resolves once every part was handed to WhatsApp (or failed): the rows as they are then. */
      dispatched: Promise<(MessageRow | null)[]>;
    }
  | Problem;

/** The message type a sent poll, location or card is stored as (the type the drivers report for it). */
const DETAIL_TYPE: Record<MessageDetail["kind"], MessageType> = {
  poll: "poll",
  location: "location",
  contacts: "contact",
  album: "other",
  "album-item": "other",
};

export const CHANNEL_DELETED =
  "This channel was deleted: its history stays readable, but nothing can be sent through it.";

export type SendDeps = {
  db: Db;
  clock: Clock;
  outbox: Pick<Outbox, "queue" | "dispatch">;
  /** The idempotency lookup (a test swaps it to stage two requests racing past it). */
  earlier?: (db: Db, key: string) => MessageRow | null;
};

/**
 * The one send command, for the inbox reply, a new message, the API and workflows: the same
 * recipient resolution, conversation lookup, idempotency (two requests racing past the check
 * included: the unique index keeps the second out, and it answers with the first), 24-hour rule
 * where it applies, errors and events. Stored before it returns; handed to WhatsApp after.
 */
export function createSendCommand(deps: SendDeps) {
  const { db, clock, outbox } = deps;
  const earlier = deps.earlier ?? findByIdempotencyKey;
  const keyOf = (r: SendRequest, i: number) =>
    r.idempotencyKey === null ? null : r.keyPerPart ? `${r.idempotencyKey}:${i}` : r.idempotencyKey;

  function replay(m: MessageRow): SendOutcome {
    return {
      ok: true,
      replayed: true,
      messages: [m],
      conversationId: m.conversation_id,
      dispatched: Promise.resolve([m]),
    };
  }

  function recipient(
    channel: SendChannel,
    input: RecipientInput,
    window?: ReplyWindow,
  ): { ok: true; conversation: ConversationRow } | Problem {
    const found = resolve(channel, input, !window);
    if (!found.ok || !window) return found;
    const heard = window.heardAt ? window.heardAt(found.conversation) : found.conversation.last_inbound_at;
    return withinReplyWindow(heard, clock())
      ? found
      : { ok: false, status: 422, error: "outside_reply_window", message: WINDOW_MESSAGE };
  }

  function resolve(
    channel: SendChannel,
    r: RecipientInput,
    create: boolean,
  ): { ok: true; conversation: ConversationRow } | Problem {
    if ("conversation" in r) return { ok: true, conversation: r.conversation };
    const notFound = (message: string): Problem => ({ ok: false, status: 404, error: "not_found", message });
    if (r.conversation_id !== undefined) {
      const conv = findConversation(db, r.conversation_id);
      if (!conv || conv.channel_id !== channel.id) return notFound("No such conversation on this channel.");
      return { ok: true, conversation: conv };
    }
    if (r.group_jid !== undefined) {
      const conv = findConversationByChat(db, channel.id, r.group_jid);
      if (conv?.kind !== "group")
        return notFound(
          "Pairbox does not know this group on this channel yet: a group is known once a message from it has arrived.",
        );
      return { ok: true, conversation: conv };
    }
    const phone = applyCountryPrefix(r.to ?? "", channel.country_prefix);
    if (!phone.ok)
      return { ok: false, status: 400, error: "invalid_request", message: `to: ${phone.reason}` };
    // Under the 24-hour rule a person who never wrote has no conversation, and gets none.
    const conv = create
      ? ensureDirectConversation(db, channel.id, phone.e164, clock())
      : findConversationByChat(db, channel.id, jidForPhone(phone.e164));
    if (conv) return { ok: true, conversation: conv };
    return { ok: false, status: 422, error: "outside_reply_window", message: WINDOW_MESSAGE };
  }

  /** The message a reply quotes: ours by id, in this conversation, known to WhatsApp. */
  function quoteFor(
    id: number | null,
    conversation: ConversationRow,
  ): { ok: true; quote: { waId: string; text: string } } | Problem | null {
    if (id === null) return null;
    const m = findMessage(db, id);
    if (!m || m.conversation_id !== conversation.id)
      return {
        ok: false,
        status: 404,
        error: "not_found",
        message: "reply_to: no such message in this conversation.",
      };
    if (!m.wa_id || m.awaiting_content)
      return {
        ok: false,
        status: 422,
        error: "invalid_request",
        message: "reply_to: that message has not reached WhatsApp yet.",
      };
    return { ok: true, quote: { waId: m.wa_id, text: m.deleted_at === null ? m.text : "" } };
  }

  function send(r: SendRequest): SendOutcome {
    const firstKey = keyOf(r, 0);
    const already = firstKey ? earlier(db, firstKey) : null;
    if (already) return replay(already);
    if (r.channel.deleted_at !== null)
      return { ok: false, status: 409, error: "channel_deleted", message: CHANNEL_DELETED };
    const to = recipient(r.channel, r.recipient, r.replyWindow);
    if (!to.ok) return to;
    const quote = quoteFor(r.replyTo ?? null, to.conversation);
    if (quote && !quote.ok) return quote;
    let messages: MessageRow[];
    try {
      // All parts or none: a retried form never finds half of its messages.
      messages = write(db, () =>
        r.parts.map((part, i) =>
          outbox.queue({
            conversationId: to.conversation.id,
            channelId: r.channel.id,
            userId: r.userId,
            type: part.file
              ? part.asDocument
                ? "document"
                : messageTypeForMime(part.file.mime)
              : part.detail
                ? DETAIL_TYPE[part.detail.kind]
                : "text",
            text: part.text,
            media: part.file,
            detail: part.file ? null : (part.detail ?? null),
            idempotencyKey: keyOf(r, i),
            quote: i === 0 && quote ? quote.quote : null,
          }),
        ),
      );
    } catch (err) {
      // Another request with this key got past the check first: the unique index kept this one out.
      const winner = firstKey ? findByIdempotencyKey(db, firstKey) : null;
      if (winner) return replay(winner);
      throw err;
    }
    const dispatched = (async () => {
      const after: (MessageRow | null)[] = [];
      for (const m of messages) after.push(await outbox.dispatch(m.id));
      return after;
    })();
    return { ok: true, replayed: false, messages, conversationId: to.conversation.id, dispatched };
  }

  return {
    send,
    recipient,
    /** The message a key already sent, if any: checked before slow work (downloads) for a retry. */
    earlier: (key: string) => earlier(db, key),
  };
}

export type SendCommand = ReturnType<typeof createSendCommand>;
