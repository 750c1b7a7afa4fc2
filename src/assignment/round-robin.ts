import type { Db } from "../db/open.ts";
import type { Availability } from "../auth/availability.ts";
import { groupMemberIds } from "../auth/availability.ts";
import { lastAutoAssignee, openCounts } from "../messaging/assignment.ts";
import { assignablePeople } from "./people.ts";

/**
 * Who the next conversation of a channel goes to: the people of the team (or everyone who may use
 * the channel) who are Available and below their limit of open conversations, taken in turn after
 * the one auto-assigned last on this channel. Runs inside the ingest write, so two messages at once
 * are decided one after the other, each seeing the other's assignment. Null when nobody qualifies.
 */
export function nextInRotation(
  db: Db,
  channel: { id: number; access: string },
  teamId: number | null,
): Availability | null {
  const members = teamId !== null ? new Set(groupMemberIds(db, teamId)) : null;
  const pool = assignablePeople(db, channel).filter((u) => !u.away && (members?.has(u.id) ?? true));
  const open = openCounts(
    db,
    pool.filter((u) => u.openLimit !== null).map((u) => u.id),
  );
  const eligible = pool.filter((u) => u.openLimit === null || (open.get(u.id) ?? 0) < u.openLimit);
  if (eligible.length === 0) return null;
  const last = lastAutoAssignee(db, channel.id) ?? 0;
  return eligible.find((u) => u.id > last) ?? eligible[0]!;
}
