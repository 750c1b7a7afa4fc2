import type { Db } from "../db/open.ts";
import type { ChannelAccessRow } from "../channels/access.ts";
import { listTemplates } from "../templates/store.ts";

/** Why the reply box is closed for this channel, or null when it may send. */
export function composeDisabledReason(channel: ChannelAccessRow): string | null {
  return channel.deleted_at !== null
    ? "This channel was deleted: its history stays readable, but nothing can be sent through it."
    : null;
}

export function templateOptions(db: Db): { id: number; name: string }[] {
  return listTemplates(db).map((t) => ({ id: t.id, name: t.name }));
}
