import type { Db } from "../db/open.ts";
import { can, type CurrentUser } from "../auth/principal.ts";
import { currentUserNow } from "../auth/access-version.ts";
import { mayUseChannelNow } from "../channels/access.ts";

/**
 * An endpoint delivers only what the person it acts for may see now: nothing once they are
 * deactivated or gone, nothing of a channel they no longer may use. Checked when an event is
 * queued and again when each delivery is sent (access may change in between). A pairing code
 * (channel.qr) links a phone to the channel, so it goes only to endpoints of people who manage
 * channels, as the API's pairing code needs a manage key. The person and the channel's access are
 * reused between deliveries only while nothing about access changed (src/auth/access-version.ts).
 * Returns why not, or null when the delivery may go.
 */
export function ownerRefusal(
  db: Db,
  ownerId: number | null,
  event: { type: string; channelId: number | null },
  owners: Map<number, CurrentUser | null> = new Map(),
): string | null {
  const { channelId } = event;
  if (ownerId === null) return "The endpoint acts for nobody: save it to make it act for you.";
  let owner = owners.get(ownerId);
  if (owner === undefined) {
    owner = currentUserNow(db, ownerId);
    owners.set(ownerId, owner);
  }
  if (!owner) return "The person this endpoint acts for was deactivated or removed: save it to take it over.";
  if (channelId !== null && !mayUseChannelNow(db, owner, channelId))
    return "The person this endpoint acts for may no longer use this channel.";
  if (event.type === "channel.qr" && !can(owner, "channels.manage"))
    return "Pairing codes go only to endpoints acting for someone who manages channels.";
  return null;
}
