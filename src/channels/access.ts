import type { Db } from "../db/open.ts";
import { mayAccess, parseAccessList } from "../auth/access.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { whileAccessUnchanged } from "../auth/access-version.ts";

export type ChannelAccessRow = {
  id: number;
  name: string;
  phone_e164: string;
  country_prefix: string;
  access: string;
  status: string;
  deleted_at: number | null;
};

/**
 * The channels a user may use, deleted ones included (their history stays readable).
 * Every inbox, media and API route narrows by this list, through the one access check.
 */
export function accessibleChannels(db: Db, user: CurrentUser): ChannelAccessRow[] {
  return db
    .query<ChannelAccessRow, []>(
      "SELECT id, name, phone_e164, country_prefix, access, status, deleted_at FROM channels ORDER BY deleted_at IS NOT NULL, name, id",
    )
    .all()
    .filter((ch) => channelVisibleTo(user, ch));
}

export function accessibleChannelIds(db: Db, user: CurrentUser): number[] {
  return accessibleChannels(db, user).map((c) => c.id);
}

/** The channel if this user may use it; null (→ 404) when it does not exist or is not theirs. */
export function findAccessibleChannel(db: Db, user: CurrentUser, channelId: number): ChannelAccessRow | null {
  const ch = db
    .query<ChannelAccessRow, [number]>(
      "SELECT id, name, phone_e164, country_prefix, access, status, deleted_at FROM channels WHERE id = ?",
    )
    .get(channelId);
  return ch && channelVisibleTo(user, ch) ? ch : null;
}

/**
 * findAccessibleChannel's answer for checks made on every job (each webhook delivery, each
 * notification): the channel's access list is read again only after an access change.
 */
export function mayUseChannelNow(db: Db, user: CurrentUser, channelId: number): boolean {
  const list = whileAccessUnchanged(db, `channel:${channelId}`, () => {
    const ch = db
      .query<{ access: string }, [number]>("SELECT access FROM channels WHERE id = ?")
      .get(channelId);
    return ch ? parseAccessList(ch.access) : null;
  });
  return list !== null && mayAccess(user, list);
}

/** Whether this user may see a channel at all: its page, status, QR, conversations, media. */
export function channelVisibleTo(user: CurrentUser, channel: { access: string }): boolean {
  return mayAccess(user, parseAccessList(channel.access));
}

/**
 * Whether this user may use every channel there is (deleted ones included: their history stays
 * readable). Only such a person may create something scoped to "all channels", which also reaches
 * channels added later.
 */
export function mayUseEveryChannel(db: Db, user: CurrentUser): boolean {
  return db
    .query<{ access: string }, []>("SELECT access FROM channels")
    .all()
    .every((ch) => channelVisibleTo(user, ch));
}
