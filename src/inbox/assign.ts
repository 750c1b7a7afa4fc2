import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { activeUsers, findUser, loadCurrentUser } from "../auth/users-store.ts";
import { channelVisibleTo } from "../channels/access.ts";
import { assignConversation } from "../messaging/store.ts";

export type Assignee = { id: number; name: string };

/** The active people who may use a channel: the only ones a conversation of it can be assigned to. */
export function assignableUsers(db: Db, channel: { access: string }): Assignee[] {
  return activeUsers(db)
    .map((u) => loadCurrentUser(db, u.id))
    .filter((u): u is CurrentUser => u !== null && channelVisibleTo(u, channel))
    .map((u) => ({ id: u.id, name: u.name }));
}

export function assigneeName(db: Db, userId: number | null): string | null {
  if (userId === null) return null;
  return findUser(db, userId)?.name ?? null;
}

/**
 * Assigns a conversation to "me", to a colleague by id, or to nobody (""). A colleague who cannot
 * use the channel would never see the conversation, so that is refused with a reason.
 */
export function assign(
  db: Db,
  conversationId: number,
  channel: { access: string },
  me: CurrentUser,
  to: string,
): { ok: true } | { ok: false; error: string } {
  if (to === "") {
    assignConversation(db, conversationId, null);
    return { ok: true };
  }
  const id = to === "me" ? me.id : /^\d{1,12}$/.test(to) ? Number(to) : null;
  const user = id !== null ? loadCurrentUser(db, id) : null;
  if (!user) return { ok: false, error: "Choose an active colleague." };
  if (!channelVisibleTo(user, channel))
    return {
      ok: false,
      error: `${user.name} cannot use this channel, so cannot be assigned its conversations.`,
    };
  assignConversation(db, conversationId, user.id);
  return { ok: true };
}
