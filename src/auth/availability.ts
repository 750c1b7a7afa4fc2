import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { emit } from "../messaging/events.ts";

/**
 * What auto-assignment needs to know of people: whether each is Available or Away (their own switch
 * in the top bar) and the most open conversations it gives them (set by an administrator; null: no limit).
 */
export type Availability = { id: number; name: string; away: boolean; openLimit: number | null };

export function isAway(db: Db, userId: number): boolean {
  return db.query<{ away: number }, [number]>("SELECT away FROM users WHERE id = ?").get(userId)?.away === 1;
}

/** Flips a person's switch and tells their open tabs (and colleagues' assignee pickers) once committed. */
export function setAway(db: Db, userId: number, away: boolean): void {
  write(db, (tx) => {
    db.query("UPDATE users SET away = ? WHERE id = ?").run(away ? 1 : 0, userId);
    emit(tx, { type: "user.availability", userId, away });
  });
}

export function openLimitOf(db: Db, userId: number): number | null {
  return (
    db.query<{ open_limit: number | null }, [number]>("SELECT open_limit FROM users WHERE id = ?").get(userId)
      ?.open_limit ?? null
  );
}

export function setOpenLimit(db: Db, userId: number, limit: number | null): void {
  db.query("UPDATE users SET open_limit = ? WHERE id = ?").run(limit, userId);
}

/** Active people with their availability, by id (the round-robin's order). */
export function activeAvailability(db: Db): Availability[] {
  return db
    .query<{ id: number; name: string; away: number; open_limit: number | null }, []>(
      "SELECT id, name, away, open_limit FROM users WHERE active = 1 ORDER BY id",
    )
    .all()
    .map((u) => ({ id: u.id, name: u.name, away: u.away === 1, openLimit: u.open_limit }));
}

/** The members of a user group (a team), by id. */
export function groupMemberIds(db: Db, groupId: number): number[] {
  return db
    .query<{ user_id: number }, [number]>(
      "SELECT user_id FROM user_group_members WHERE group_id = ? ORDER BY user_id",
    )
    .all(groupId)
    .map((r) => r.user_id);
}

export function groupName(db: Db, groupId: number): string | null {
  return (
    db.query<{ name: string }, [number]>("SELECT name FROM user_groups WHERE id = ?").get(groupId)?.name ??
    null
  );
}
