import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { activeAvailability, groupMemberIds, groupName, type Availability } from "../auth/availability.ts";
import { loadCurrentUser } from "../auth/users-store.ts";
import { listGroups } from "../auth/teams-store.ts";
import { channelVisibleTo } from "../channels/access.ts";
import type { AssignmentRequest } from "../messaging/assignment.ts";

export type Named = { id: number; name: string };

/** Whether a person may be given a conversation of this channel: active, and may use the channel. */
export function mayTakeChannel(db: Db, userId: number, channel: { access: string }): CurrentUser | null {
  const user = loadCurrentUser(db, userId);
  return user && channelVisibleTo(user, channel) ? user : null;
}

/** The active people who may use a channel, with their availability: the only ones it can be assigned to. */
export function assignablePeople(db: Db, channel: { access: string }): Availability[] {
  return activeAvailability(db).filter((u) => mayTakeChannel(db, u.id, channel) !== null);
}

/**
 * The teams a channel's conversations can go to: those with at least one active member who may use
 * the channel (a team nobody in it could answer for is no team for it).
 */
export function assignableTeams(db: Db, channel: { access: string }): Named[] {
  const people = new Set(assignablePeople(db, channel).map((u) => u.id));
  return listGroups(db)
    .filter((g) => groupMemberIds(db, g.id).some((id) => people.has(id)))
    .map((g) => ({ id: g.id, name: g.name }));
}

export type AssignmentCheck =
  | { ok: true; request: AssignmentRequest }
  | { ok: false; field: "assignee" | "team"; error: string };

/**
 * Checks a person and a team for a channel before anything is written: each must exist and may
 * take the channel's conversations. Refusals name the person and say why.
 */
export function checkAssignment(
  db: Db,
  channel: { access: string },
  req: AssignmentRequest,
): AssignmentCheck {
  if (req.userId !== undefined && req.userId !== null) {
    const user = loadCurrentUser(db, req.userId);
    if (!user) return { ok: false, field: "assignee", error: "Choose an active colleague." };
    if (!channelVisibleTo(user, channel))
      return {
        ok: false,
        field: "assignee",
        error: `${user.name} cannot use this channel, so cannot be assigned its conversations.`,
      };
  }
  if (req.teamId !== undefined && req.teamId !== null) {
    const name = groupName(db, req.teamId);
    if (name === null) return { ok: false, field: "team", error: "Choose an existing team." };
    if (!assignableTeams(db, channel).some((t) => t.id === req.teamId))
      return {
        ok: false,
        field: "team",
        error: `Nobody in ${name} can use this channel, so the team cannot be assigned its conversations.`,
      };
  }
  return { ok: true, request: req };
}
