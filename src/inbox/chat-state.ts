import type { AppDeps } from "../web/context.ts";
import { write } from "../db/write.ts";
import { channelOptions } from "../channels/options-store.ts";
import { markReceiptsSent, pendingReadReceipts } from "../messaging/read-receipts.ts";
import type { ConversationRow } from "../messaging/types.ts";

/**
 * What an open conversation tells the customer's phone: that their messages were read (when the
 * channel's "Tell customers when we read their messages" is on), and that we want to hear when they
 * type. Both are best effort: a channel that is not connected just sends them on a later open.
 */
type Deps = Pick<AppDeps, "db" | "logger" | "sessions">;

/** Sends read receipts for what arrived since the last ones; resolves once WhatsApp took them. */
export async function sendReadReceipts(deps: Deps, conversation: ConversationRow): Promise<void> {
  const { db, logger } = deps;
  if (channelOptions(db, conversation.channel_id)?.send_read_receipts !== 1) return;
  // A channel that is not connected sends them on a later open: no need to look them up now.
  const session = deps.sessions.liveSession(conversation.channel_id);
  if (!session) return;
  const pending = pendingReadReceipts(db, conversation.id);
  const last = pending.at(-1);
  if (!last) return;
  try {
    await session.chat.markRead(
      conversation.chat_jid,
      pending.map((m) => ({ waId: m.wa_id, participantJid: m.participant_jid })),
    );
    write(db, () => markReceiptsSent(db, conversation.id, last.id));
  } catch (err) {
    logger.info(
      { conversationId: conversation.id, reason: (err as Error)?.message },
      "read receipts not sent; they go with the next open",
    );
  }
}

/**
 * Conversations whose contact we asked about lately: one subscription per chat per minute, however
 * many tabs. Kept per session manager (one per running app), so two apps in one process never share it.
 */
const watchedBy = new WeakMap<object, Map<string, number>>();
const WATCH_EVERY_MS = 60_000;
const MAX_WATCHED = 2000;

/** Asks WhatsApp for the contact's typing while this conversation is open (direct chats only). */
export function watchTyping(deps: Deps & { clock: () => number }, conversation: ConversationRow): void {
  if (conversation.kind !== "direct") return;
  const key = `${conversation.channel_id}:${conversation.chat_jid}`;
  const watched = watchedBy.get(deps.sessions) ?? new Map<string, number>();
  watchedBy.set(deps.sessions, watched);
  const now = deps.clock();
  if (now - (watched.get(key) ?? -Infinity) < WATCH_EVERY_MS) return;
  if (watched.size >= MAX_WATCHED) watched.clear();
  watched.set(key, now);
  deps.sessions
    .liveSession(conversation.channel_id)
    ?.chat.watchPresence(conversation.chat_jid)
    .catch((err) =>
      deps.logger.debug(
        { conversationId: conversation.id, reason: (err as Error)?.message },
        "no presence subscription",
      ),
    );
}
