import { z } from "@hono/zod-openapi";
import type { Db } from "../db/open.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { assignChecked } from "../assignment/command.ts";

/** The assignment fields of PATCH /api/v1/conversations/{id}; left out: unchanged, null: cleared. */
export const assignmentFields = {
  assignee_id: z.number().int().positive().nullable().optional().openapi({
    description:
      "Assign to this person (user id), or `null` for nobody. They must be active and may use the conversation's channel (else 422).",
    example: 3,
  }),
  team_id: z.number().int().positive().nullable().optional().openapi({
    description:
      "Assign to this team (user group id), or `null` for none. Someone in it must be able to use the channel (else 422).",
    example: 2,
  }),
};

/**
 * Applies the body's assignee and team through the one assign command, as made by the key's
 * creator; answers the reason when the person or team may not take this channel's conversations.
 */
export function assignFromApi(
  db: Db,
  conversation: ConversationRow,
  body: { assignee_id?: number | null; team_id?: number | null },
  byUserId: number,
  now: number,
): { ok: true } | { ok: false; message: string } {
  if (body.assignee_id === undefined && body.team_id === undefined) return { ok: true };
  const result = assignChecked(
    db,
    [conversation],
    { userId: body.assignee_id, teamId: body.team_id },
    "user",
    byUserId,
    now,
  );
  return result.ok
    ? { ok: true }
    : { ok: false, message: `${result.field === "assignee" ? "assignee_id" : "team_id"}: ${result.error}` };
}
