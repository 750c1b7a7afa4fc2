import type { Db } from "../db/open.ts";

/** A channel's auto-assignment: off by default; on, among one team's members or (null) everyone. */
export type AutoAssignSettings = { enabled: boolean; teamId: number | null };

export function autoAssignSettings(db: Db, channelId: number): AutoAssignSettings {
  const row = db
    .query<{ auto_assign: number; auto_assign_team_id: number | null }, [number]>(
      "SELECT auto_assign, auto_assign_team_id FROM channels WHERE id = ?",
    )
    .get(channelId);
  return { enabled: row?.auto_assign === 1, teamId: row?.auto_assign_team_id ?? null };
}

export function saveAutoAssignSettings(db: Db, channelId: number, s: AutoAssignSettings, now: number): void {
  db.query(
    "UPDATE channels SET auto_assign = ?, auto_assign_team_id = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
  ).run(s.enabled ? 1 : 0, s.teamId, now, channelId);
}
