import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { accessibleChannels, mayUseEveryChannel, type ChannelAccessRow } from "../channels/access.ts";
import type { ChannelOption } from "../ui/components/channel-checks.tsx";

/**
 * What a person setting up an API key or a webhook may scope it to: the channels they may use
 * (offered as choices when not deleted), and "every channel" only when they may use them all.
 * Keys and endpoints then act for that person, re-checked at each use.
 */
export type IntegrationChannels = {
  all: ChannelAccessRow[];
  /** Every channel id they may use, deleted ones included (their history stays readable). */
  usable: Set<number>;
  /** The ones still live, which a new key or endpoint may name. */
  live: Set<number>;
  options: ChannelOption[];
  every: boolean;
};

export function integrationChannels(db: Db, user: CurrentUser): IntegrationChannels {
  const all = accessibleChannels(db, user);
  const live = all.filter((ch) => ch.deleted_at === null);
  return {
    all,
    usable: new Set(all.map((ch) => ch.id)),
    live: new Set(live.map((ch) => ch.id)),
    options: live.map((ch) => ({ id: ch.id, name: ch.name, phone: ch.phone_e164 })),
    every: mayUseEveryChannel(db, user),
  };
}

/**
 * Whether someone with these channels may see and manage a key or endpoint scoped to `reach`:
 * only if it reaches nothing they could not read themselves.
 */
export function reachCovered(reach: "all" | number[], mine: IntegrationChannels): boolean {
  return reach === "all" ? mine.every : reach.every((id) => mine.usable.has(id));
}
