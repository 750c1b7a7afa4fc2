import type { Tx } from "../db/write.ts";
import type { DomainEvents, EventOf } from "../messaging/events.ts";
import { conversationJson, messageJson } from "../messaging/public-json.ts";
import { emit, links, type EmitContext } from "./events.ts";

/** message.reaction, message.edited and message.deleted, each written in the change's own transaction. */

type Changed = EventOf<"message.reaction" | "message.edited" | "message.deleted">;

const scope = (e: Changed) => ({
  dedupeKey: null,
  channelId: e.message.channel_id,
  conversationId: e.conversation.id,
  orderScope: `conv:${e.conversation.id}`,
});

const body = (ctx: EmitContext, e: Changed) => ({
  message: messageJson(e.message, e.conversation, links(ctx)),
  conversation: conversationJson(e.conversation),
});

export function listenForMessageChanges(
  events: DomainEvents,
  ctx: () => EmitContext,
  queued: (tx: Tx, count: number) => void,
): (() => void)[] {
  return [
    events.on("message.reaction", "inTransaction", (e, tx) => {
      const c = ctx();
      const me = e.reaction.by === "me";
      queued(
        tx,
        emit(c, {
          ...scope(e),
          type: "message.reaction",
          data: {
            ...body(c, e),
            reaction: {
              emoji: e.reaction.emoji,
              removed: e.reaction.removed,
              from_us: me,
              jid: me ? null : e.reaction.by,
              name: e.reaction.name,
            },
          },
        }),
      );
    }),
    events.on("message.edited", "inTransaction", (e, tx) => {
      const c = ctx();
      queued(
        tx,
        emit(c, {
          ...scope(e),
          type: "message.edited",
          data: { ...body(c, e), previous_text: e.previousText },
        }),
      );
    }),
    events.on("message.deleted", "inTransaction", (e, tx) => {
      const c = ctx();
      queued(tx, emit(c, { ...scope(e), type: "message.deleted", data: body(c, e) }));
    }),
  ];
}
