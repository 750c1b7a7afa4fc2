import { z } from "zod";
import type { Db } from "../db/open.ts";
import { findUser } from "../auth/users-store.ts";
import { groupName } from "../auth/availability.ts";
import { assignmentHistory, type AssignmentChange, type AssignmentRequest } from "../messaging/assignment.ts";
import type { AssignmentLineView } from "./views/assign.tsx";
import { one, type FormBody } from "../web/forms.ts";

export function assigneeName(db: Db, userId: number | null): string | null {
  if (userId === null) return null;
  return findUser(db, userId)?.name ?? null;
}

export function teamName(db: Db, teamId: number | null): string | null {
  return teamId === null ? null : groupName(db, teamId);
}

/** "keep" (or left out): unchanged; "": nobody; an id: that person or team. */
const choice = z
  .string()
  .max(20)
  .regex(/^(keep|me|\d{1,12})?$/, "Choose from the list.");

const AssignForm = z.object({ to: choice, assignee: choice, team: choice });

const pick = (v: string, me: number): number | null | undefined =>
  v === "keep" ? undefined : v === "" ? null : v === "me" ? me : Number(v);

/**
 * The header's and the bulk form's fields as an assignment: "Assign to me" (`to=me`, or `to=<id>`)
 * sets only the person; otherwise the person and team selects, either of which may say "keep".
 */
export function assignmentFromForm(
  body: FormBody,
  me: number,
): { ok: true; request: AssignmentRequest } | { ok: false; error: string } {
  const has = (name: string) => body[name] !== undefined;
  const parsed = AssignForm.safeParse({
    to: one(body, "to"),
    assignee: has("assignee") ? one(body, "assignee") : "keep",
    team: has("team") ? one(body, "team") : "keep",
  });
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "Choose from the list." };
  const { to, assignee, team } = parsed.data;
  // "Assign to me", or a colleague's id (older forms and links send `to`).
  if (to !== "") return { ok: true, request: { userId: pick(to, me) } };
  if (team === "me") return { ok: false, error: "Choose a team from the list." };
  return { ok: true, request: { userId: pick(assignee, me), teamId: pick(team, me) } };
}

/** What one change did, compared with the state before it, in words. */
function describe(
  ch: AssignmentChange,
  before: { user: number | null; team: number | null },
  name: (id: number) => string,
  team: (id: number) => string,
): string {
  const person = ch.user_id !== null ? name(ch.user_id) : null;
  const group = ch.team_id !== null ? `team ${team(ch.team_id)}` : null;
  if (ch.cause === "auto") return `Auto-assigned to ${person ?? "nobody"}`;
  const who =
    ch.cause === "workflow" ? "A workflow" : ch.by_user_id !== null ? name(ch.by_user_id) : "Someone";
  const personChanged = ch.user_id !== before.user;
  const teamChanged = ch.team_id !== before.team;
  const self = ch.cause === "user" && ch.user_id !== null && ch.user_id === ch.by_user_id;
  const targets = [personChanged ? (self ? "themselves" : person) : null, teamChanged ? group : null].filter(
    Boolean,
  );
  if (targets.length > 0) return `${who} assigned this to ${targets.join(" and ")}`;
  return personChanged ? `${who} unassigned this` : `${who} removed the team`;
}

/** A conversation's assignment history as timeline lines, with the names of the people and teams. */
export function assignmentLines(db: Db, conversationId: number): AssignmentLineView[] {
  const names = new Map<number, string>();
  const teams = new Map<number, string>();
  const name = (id: number) => {
    if (!names.has(id)) names.set(id, assigneeName(db, id) ?? "someone");
    return names.get(id)!;
  };
  const team = (id: number) => {
    if (!teams.has(id)) teams.set(id, teamName(db, id) ?? "(deleted)");
    return teams.get(id)!;
  };
  let before: { user: number | null; team: number | null } = { user: null, team: null };
  return assignmentHistory(db, conversationId).map((ch) => {
    const text = describe(ch, before, name, team);
    before = { user: ch.user_id, team: ch.team_id };
    return { id: ch.id, at: ch.at, text };
  });
}
