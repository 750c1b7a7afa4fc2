import type { Db } from "../db/open.ts";
import type { Permission } from "./principal.ts";

/** Permission sets (roles) and user groups (teams). */
export type PermissionSetRow = {
  id: number;
  name: string;
  permissions: string;
  builtin: number;
  members: number;
};
export type GroupRow = { id: number; name: string; members: number };

export function listPermissionSets(db: Db): PermissionSetRow[] {
  return db
    .query<PermissionSetRow, []>(
      `SELECT ps.id, ps.name, ps.permissions, ps.builtin,
         (SELECT count(*) FROM user_permission_sets u WHERE u.permission_set_id = ps.id) AS members
       FROM permission_sets ps ORDER BY ps.builtin DESC, ps.name COLLATE NOCASE`,
    )
    .all();
}

export function findPermissionSet(db: Db, id: number): PermissionSetRow | null {
  return listPermissionSets(db).find((s) => s.id === id) ?? null;
}

export function findPermissionSetByName(db: Db, name: string): { id: number } | null {
  return db.query<{ id: number }, [string]>("SELECT id FROM permission_sets WHERE name = ?").get(name);
}

export function insertPermissionSet(db: Db, name: string, permissions: Permission[], now: number): number {
  return Number(
    db
      .query("INSERT INTO permission_sets (name, permissions, created_at) VALUES (?, ?, ?)")
      .run(name, JSON.stringify(permissions), now).lastInsertRowid,
  );
}

export function updatePermissionSet(db: Db, id: number, name: string, permissions: Permission[]): void {
  db.query("UPDATE permission_sets SET name = ?, permissions = ? WHERE id = ?").run(
    name,
    JSON.stringify(permissions),
    id,
  );
}

export function deletePermissionSet(db: Db, id: number): void {
  db.query("DELETE FROM permission_sets WHERE id = ? AND builtin = 0").run(id);
}

export function listGroups(db: Db): GroupRow[] {
  return db
    .query<GroupRow, []>(
      `SELECT g.id, g.name, (SELECT count(*) FROM user_group_members m WHERE m.group_id = g.id) AS members
       FROM user_groups g ORDER BY g.name COLLATE NOCASE`,
    )
    .all();
}

export function findGroupByName(db: Db, name: string): { id: number } | null {
  return db.query<{ id: number }, [string]>("SELECT id FROM user_groups WHERE name = ?").get(name);
}

export function insertGroup(db: Db, name: string, now: number): number {
  return Number(
    db.query("INSERT INTO user_groups (name, created_at) VALUES (?, ?)").run(name, now).lastInsertRowid,
  );
}

export function renameGroup(db: Db, id: number, name: string): void {
  db.query("UPDATE user_groups SET name = ? WHERE id = ?").run(name, id);
}

export function deleteGroup(db: Db, id: number): void {
  db.query("DELETE FROM user_groups WHERE id = ?").run(id);
}

export function nameMaps(db: Db): { sets: Map<number, string>; groups: Map<number, string> } {
  return {
    sets: new Map(listPermissionSets(db).map((s) => [s.id, s.name])),
    groups: new Map(listGroups(db).map((g) => [g.id, g.name])),
  };
}
