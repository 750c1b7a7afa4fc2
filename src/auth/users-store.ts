import { write } from "../db/write.ts";
import { queueUnreadFill } from "../messaging/unread-fill.ts";
import type { Db } from "../db/open.ts";
import { isPermission, type CurrentUser, type Permission } from "./principal.ts";

export type UserRow = {
  id: number;
  name: string;
  email: string;
  password_hash: string;
  active: number;
  created_at: number;
  updated_at: number;
};

export type UserListItem = Omit<UserRow, "password_hash"> & { sets: string; groups: string };

export function countUsers(db: Db): number {
  return db.query<{ n: number }, []>("SELECT count(*) AS n FROM users").get()!.n;
}

export function findUserByEmail(db: Db, email: string): UserRow | null {
  return db.query<UserRow, [string]>("SELECT * FROM users WHERE email = ?").get(email);
}

export function findUser(db: Db, id: number): UserRow | null {
  return db.query<UserRow, [number]>("SELECT * FROM users WHERE id = ?").get(id);
}

/** The people who can sign in, by name: the choices for an assignee or a record's owner. */
export function activeUsers(db: Db): { id: number; name: string }[] {
  return db
    .query<{ id: number; name: string }, []>(
      "SELECT id, name FROM users WHERE active = 1 ORDER BY name COLLATE NOCASE, id",
    )
    .all();
}

export function listUsers(db: Db): UserListItem[] {
  return db
    .query<UserListItem, []>(
      `SELECT u.id, u.name, u.email, u.active, u.created_at, u.updated_at,
         coalesce((SELECT group_concat(ps.name, ', ') FROM user_permission_sets ups JOIN permission_sets ps ON ps.id = ups.permission_set_id WHERE ups.user_id = u.id), '') AS sets,
         coalesce((SELECT group_concat(g.name, ', ') FROM user_group_members m JOIN user_groups g ON g.id = m.group_id WHERE m.user_id = u.id), '') AS groups
       FROM users u ORDER BY u.name COLLATE NOCASE`,
    )
    .all();
}

export function userNames(db: Db): Map<number, string> {
  return new Map(
    db
      .query<{ id: number; name: string }, []>("SELECT id, name FROM users ORDER BY name")
      .all()
      .map((r) => [r.id, r.name]),
  );
}

export type NewUser = {
  name: string;
  email: string;
  passwordHash: string;
  active: boolean;
  permissionSetIds: number[];
  groupIds: number[];
};

export function insertUser(db: Db, u: NewUser, now: number): number {
  return write(db, () => {
    const id = Number(
      db
        .query(
          "INSERT INTO users (name, email, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(u.name, u.email, u.passwordHash, u.active ? 1 : 0, now, now).lastInsertRowid,
    );
    setUserMemberships(db, id, u.permissionSetIds, u.groupIds);
    queueUnreadFill(db, id, now);
    return id;
  });
}

export type UserUpdate = {
  name: string;
  email: string;
  active: boolean;
  permissionSetIds: number[];
  groupIds: number[];
};

export function updateUser(db: Db, id: number, u: UserUpdate, now: number): void {
  write(db, () => {
    db.query("UPDATE users SET name = ?, email = ?, active = ?, updated_at = ? WHERE id = ?").run(
      u.name,
      u.email,
      u.active ? 1 : 0,
      now,
      id,
    );
    setUserMemberships(db, id, u.permissionSetIds, u.groupIds);
    if (!u.active) db.query("DELETE FROM sessions WHERE user_id = ?").run(id);
  });
}

export function setPassword(db: Db, id: number, passwordHash: string, now: number): void {
  db.query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").run(passwordHash, now, id);
}

function setUserMemberships(db: Db, userId: number, setIds: number[], groupIds: number[]): void {
  db.query("DELETE FROM user_permission_sets WHERE user_id = ?").run(userId);
  db.query("DELETE FROM user_group_members WHERE user_id = ?").run(userId);
  const addSet = db.query(
    "INSERT OR IGNORE INTO user_permission_sets (user_id, permission_set_id) SELECT ?, id FROM permission_sets WHERE id = ?",
  );
  for (const s of setIds) addSet.run(userId, s);
  const addGroup = db.query(
    "INSERT OR IGNORE INTO user_group_members (user_id, group_id) SELECT ?, id FROM user_groups WHERE id = ?",
  );
  for (const g of groupIds) addGroup.run(userId, g);
}

export function membershipsOf(db: Db, userId: number): { permissionSetIds: number[]; groupIds: number[] } {
  return {
    permissionSetIds: db
      .query<{ id: number }, [number]>(
        "SELECT permission_set_id AS id FROM user_permission_sets WHERE user_id = ?",
      )
      .all(userId)
      .map((r) => r.id),
    groupIds: db
      .query<{ id: number }, [number]>("SELECT group_id AS id FROM user_group_members WHERE user_id = ?")
      .all(userId)
      .map((r) => r.id),
  };
}

/** Loads what the access rules need about an active user, or null for an unknown or inactive one. */
export function loadCurrentUser(db: Db, userId: number): CurrentUser | null {
  const row = db.query<UserRow, [number]>("SELECT * FROM users WHERE id = ? AND active = 1").get(userId);
  if (!row) return null;
  const { permissionSetIds, groupIds } = membershipsOf(db, userId);
  const permissions = new Set<Permission>();
  const lists = db
    .query<{ permissions: string }, [number]>(
      "SELECT ps.permissions FROM user_permission_sets ups JOIN permission_sets ps ON ps.id = ups.permission_set_id WHERE ups.user_id = ?",
    )
    .all(userId);
  for (const l of lists)
    for (const p of JSON.parse(l.permissions) as string[]) if (isPermission(p)) permissions.add(p);
  return { id: row.id, name: row.name, email: row.email, permissions, permissionSetIds, groupIds };
}

/** Active users holding users.manage: someone must always be left to manage users. */
export function activeUserManagers(db: Db): number {
  return db
    .query<{ n: number }, []>(
      `SELECT count(DISTINCT u.id) AS n FROM users u
       JOIN user_permission_sets ups ON ups.user_id = u.id
       JOIN permission_sets ps ON ps.id = ups.permission_set_id
       WHERE u.active = 1 AND EXISTS (SELECT 1 FROM json_each(ps.permissions) WHERE value = 'users.manage')`,
    )
    .get()!.n;
}

/**
 * Applies a change to users or permission sets in one IMMEDIATE transaction, and rolls it back
 * when it would leave nobody active to manage users. Answers whether the change was kept.
 */
export function unlessLockedOut(db: Db, change: () => void): boolean {
  try {
    write(db, () => {
      change();
      if (activeUserManagers(db) === 0) throw new LockoutError();
    });
    return true;
  } catch (err) {
    if (err instanceof LockoutError) return false;
    throw err;
  }
}

class LockoutError extends Error {}
