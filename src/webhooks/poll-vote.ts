import type { EventOf } from "../messaging/events.ts";
import { conversationJson, messageJson, pollJson } from "../messaging/public-json.ts";
import { emit, links, type EmitContext } from "./events.ts";

/**
 * poll.vote: someone voted in a poll, changed their vote or withdrew it. One event per vote as
 * WhatsApp sent it (keyed by voter and time, so the same vote stored twice announces once).
 */
export function emitPollVoteEvent(ctx: EmitContext, e: EventOf<"poll.voted">): number {
  const { message, conversation, voter, tally } = e;
  return emit(ctx, {
    type: "poll.vote",
    dedupeKey: `poll.vote:${message.id}:${voter.voter}:${voter.at}`,
    channelId: message.channel_id,
    conversationId: conversation.id,
    data: {
      message: messageJson(message, conversation, links(ctx), [], tally),
      conversation: conversationJson(conversation),
      voter: { jid: voter.voter, phone: voter.phone, name: voter.name },
      options: voter.options,
      poll: pollJson(tally),
    },
    orderScope: `conv:${conversation.id}`,
  });
}
