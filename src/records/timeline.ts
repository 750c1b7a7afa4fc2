import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { accessibleChannels } from "../channels/access.ts";
import type { ConversationRow, MessageRow } from "../messaging/types.ts";
import { conversationsLinkedTo, latestMessages } from "../messaging/thread-queries.ts";
import { richPropsFor } from "../inbox/rich-props.ts";
import type { RichProps } from "../inbox/views/message-rich.tsx";
import { bubbleExtras, type BubbleExtras } from "../messaging/bubble-data.ts";

/** A record's WhatsApp conversations, newest activity first, each with its latest messages. */
export type TimelineEntry = {
  conversation: ConversationRow;
  channelName: string;
  messages: MessageRow[];
  /** Poll tallies and contact-card records of those messages, as the inbox shows them. */
  rich: Map<number, RichProps>;
  /** Reactions and earlier versions of those messages (no actions here: they are the inbox's). */
  extras: Map<number, BubbleExtras>;
};

const CONVERSATIONS = 20;
const MESSAGES_EACH = 5;

/**
 * Only conversations of channels this user may access: the record is shared, the channels are not.
 * The messages of each are read oldest-to-newest so they display like the inbox.
 */
export function recordTimeline(db: Db, user: CurrentUser, recordId: number): TimelineEntry[] {
  const channels = new Map(accessibleChannels(db, user).map((ch) => [ch.id, ch.name]));
  if (channels.size === 0) return [];
  const conversations = conversationsLinkedTo(db, recordId, [...channels.keys()], CONVERSATIONS);
  return conversations.map((conversation) => {
    const messages = latestMessages(db, conversation.id, MESSAGES_EACH);
    return {
      conversation,
      channelName: channels.get(conversation.channel_id) ?? "",
      messages,
      rich: richPropsFor(db, messages),
      extras: bubbleExtras(db, messages, 0, false),
    };
  });
}
