import { z } from "zod";
import { can, type CurrentUser } from "./principal.ts";

/**
 * An access list: everyone, or any mix of permission sets, user groups and named users.
 * Stored as JSON on the resource it guards (a channel, for instance).
 */
export const accessListSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({
    all: z.literal(false),
    permissionSets: z.array(z.number().int().positive()).default([]),
    groups: z.array(z.number().int().positive()).default([]),
    users: z.array(z.number().int().positive()).default([]),
  }),
]);
export type AccessList = z.infer<typeof accessListSchema>;

export const EVERYONE: AccessList = { all: true };

/** Parses stored JSON; a damaged list grants nobody rather than everybody. */
export function parseAccessList(json: string): AccessList {
  try {
    const parsed = accessListSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the closed list
  }
  return { all: false, permissionSets: [], groups: [], users: [] };
}

/**
 * The one access check: may this user use a resource guarded by this list?
 * People who manage channels may always reach them, since they could grant themselves access anyway.
 */
export function mayAccess(user: CurrentUser | null, list: AccessList): boolean {
  if (!user) return false;
  if (list.all) return true;
  if (can(user, "channels.manage")) return true;
  if (list.users.includes(user.id)) return true;
  if (list.permissionSets.some((id) => user.permissionSetIds.includes(id))) return true;
  return list.groups.some((id) => user.groupIds.includes(id));
}

export function describeAccess(
  list: AccessList,
  names: { sets: Map<number, string>; groups: Map<number, string>; users: Map<number, string> },
): string {
  if (list.all) return "All users";
  const parts = [
    ...list.permissionSets.map((id) => names.sets.get(id)).filter(Boolean),
    ...list.groups.map((id) => names.groups.get(id)).filter(Boolean),
    ...list.users.map((id) => names.users.get(id)).filter(Boolean),
  ];
  return parts.length ? parts.join(", ") : "Nobody but channel managers";
}
