import type { Db } from "../db/open.ts";
import {
  assignConversations,
  type AssignmentCause,
  type AssignmentRequest,
} from "../messaging/assignment.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { findChannel } from "../channels/store.ts";
import { checkAssignment } from "./people.ts";

export type AssignResult =
  | { ok: true; conversations: ConversationRow[] }
  | { ok: false; field: "assignee" | "team"; error: string };

/**
 * The one assign command (inbox header, bulk action, API, workflow step): each conversation's person
 * and team are checked against its own channel first, and nothing is written unless all pass.
 */
export function assignChecked(
  db: Db,
  conversations: ConversationRow[],
  req: AssignmentRequest,
  cause: AssignmentCause,
  byUserId: number | null,
  now: number,
): AssignResult {
  const checked = new Set<number>();
  for (const c of conversations) {
    if (checked.has(c.channel_id)) continue;
    checked.add(c.channel_id);
    const channel = findChannel(db, c.channel_id);
    const check = channel
      ? checkAssignment(db, channel, req)
      : ({ ok: false, field: "assignee", error: "That channel no longer exists." } as const);
    if (!check.ok) return check;
  }
  const changed = assignConversations(
    db,
    conversations.map((c) => c.id),
    req,
    cause,
    byUserId,
    now,
  );
  return { ok: true, conversations: changed };
}
