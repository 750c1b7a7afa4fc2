import type { Db } from "../db/open.ts";
import { findChannel, listLiveChannels } from "../channels/store.ts";
import { can, type CurrentUser } from "../auth/principal.ts";
import { findUser, loadCurrentUser } from "../auth/users-store.ts";
import { accessibleChannels, findAccessibleChannel } from "../channels/access.ts";
import { channelLabel } from "../channels/store.ts";

/**
 * A workflow's channels: it runs only for messages of these channels and sends only through them.
 * "all" covers every channel, including ones added later, and is only for people who may use all.
 *
 * A workflow acts with the access of the person who last saved it: at run time a channel counts only
 * while it is in the scope and that person may still use it (an inactive person may use none). Those
 * saved before scopes existed have no recorded editor and cover all channels, as they always did.
 */
export type ChannelScope = "all" | number[];
export type ScopedWorkflow = { id: number; all_channels: number; edited_by: number | null };

export function workflowChannelIds(db: Db, workflowId: number): number[] {
  return db
    .query<{ channel_id: number }, [number]>(
      "SELECT channel_id FROM workflow_channels WHERE workflow_id = ? ORDER BY channel_id",
    )
    .all(workflowId)
    .map((r) => r.channel_id);
}

export function workflowScope(db: Db, w: ScopedWorkflow): ChannelScope {
  return w.all_channels === 1 ? "all" : workflowChannelIds(db, w.id);
}

/**
 * For the list: each workflow's channels as this viewer may know them. Channels they may not use are
 * counted, never named, so builders see that a workflow reaches further than they can.
 */
export function scopeDescriber(db: Db, viewer: CurrentUser): (w: ScopedWorkflow) => string {
  const names = new Map(accessibleChannels(db, viewer).map((ch) => [ch.id, channelLabel(ch)]));
  const listed = new Map<number, number[]>();
  const rows = db
    .query<{ workflow_id: number; channel_id: number }, []>(
      "SELECT workflow_id, channel_id FROM workflow_channels ORDER BY workflow_id, channel_id",
    )
    .all();
  for (const r of rows) listed.set(r.workflow_id, [...(listed.get(r.workflow_id) ?? []), r.channel_id]);
  return (w) => {
    if (w.all_channels === 1) return "All channels";
    const ids = listed.get(w.id) ?? [];
    const known = ids.flatMap((id) => names.get(id) ?? []);
    const others = ids.length - known.length;
    const rest = others ? `${others} channel${others === 1 ? "" : "s"} you cannot use` : "";
    return [...known, rest].filter(Boolean).join(", ") || "No channels";
  };
}

/** Written with the workflow, in its transaction. */
export function saveChannelScope(db: Db, workflowId: number, scope: ChannelScope): void {
  db.query("UPDATE workflows SET all_channels = ? WHERE id = ?").run(scope === "all" ? 1 : 0, workflowId);
  db.query("DELETE FROM workflow_channels WHERE workflow_id = ?").run(workflowId);
  if (scope === "all") return;
  const add = db.query("INSERT OR IGNORE INTO workflow_channels (workflow_id, channel_id) VALUES (?, ?)");
  for (const channelId of scope) if (findChannel(db, channelId)) add.run(workflowId, channelId);
}

/** Whether this person may choose "all channels": they manage channels, or every live channel is open to them. */
export function mayUseEveryChannel(db: Db, user: CurrentUser): boolean {
  if (can(user, "channels.manage")) return true;
  const live = listLiveChannels(db).length;
  return accessibleChannels(db, user).filter((ch) => ch.deleted_at === null).length === live;
}

/** Why the person who last saved the workflow does not cover this channel now, or null when they do. */
export function editorRefusal(
  db: Db,
  editedBy: number | null,
  channelId: number,
  what = "this channel",
): string | null {
  if (editedBy === null) return null;
  const editor = loadCurrentUser(db, editedBy);
  if (!editor)
    return `its last editor (${findUser(db, editedBy)?.name ?? `#${editedBy}`}) is no longer active`;
  return findAccessibleChannel(db, editor, channelId)
    ? null
    : `its last editor (${editor.name}) may no longer use ${what}`;
}

/** The run-time check: why this workflow may not act on this channel now, or null when it may. */
export function channelRefusal(
  db: Db,
  w: ScopedWorkflow,
  channelId: number | null,
  what = "this channel",
): string | null {
  if (channelId === null) return "the run has no channel";
  if (w.all_channels !== 1) {
    const listed = db
      .query("SELECT 1 FROM workflow_channels WHERE workflow_id = ? AND channel_id = ?")
      .get(w.id, channelId);
    if (!listed) return `${what} is not one of this workflow's channels`;
  }
  return editorRefusal(db, w.edited_by, channelId, what);
}
