import type { Db } from "../db/open.ts";
import { actionRefusal } from "./actions.ts";
import { editsOf, reactionsOf, type EditRow, type ReactionRow } from "./changes-store.ts";
import type { MessageRow } from "./types.ts";

/** What a bubble shows besides its row: reactions, earlier versions, and which of our actions apply now. */
export type BubbleExtras = {
  reactions: ReactionRow[];
  edits: EditRow[];
  can: { reply: boolean; react: boolean; edit: boolean; delete: boolean };
};

/**
 * The extras of a page of messages in two queries; `now` decides what WhatsApp still allows. Without
 * `actions` (a record's timeline) no action is offered.
 */
export function bubbleExtras(
  db: Db,
  messages: MessageRow[],
  now: number,
  actions = true,
): Map<number, BubbleExtras> {
  const ids = messages.map((m) => m.id);
  const out = new Map<number, BubbleExtras>();
  for (const m of messages)
    out.set(m.id, {
      reactions: [],
      edits: [],
      can: {
        reply: actions && !!m.wa_id && !m.awaiting_content && m.deleted_at === null,
        react: actions && actionRefusal(m, "react", "", now) === null,
        edit: actions && actionRefusal(m, "edit", "x", now) === null,
        delete: actions && actionRefusal(m, "revoke", "", now) === null,
      },
    });
  for (const r of reactionsOf(db, ids)) out.get(r.message_id)?.reactions.push(r);
  for (const e of editsOf(db, ids)) out.get(e.message_id)?.edits.push(e);
  return out;
}
