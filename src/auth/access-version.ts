import type { Db } from "../db/open.ts";
import type { CurrentUser } from "./principal.ts";
import { loadCurrentUser } from "./users-store.ts";

/**
 * The counter that migration 0029's triggers move on every change to users, their permission sets
 * and groups, and channel access lists. Read on every check: one primary-key lookup.
 */
export function accessVersion(db: Db): number {
  return db.query<{ n: number }, []>("SELECT n FROM access_version WHERE id = 1").get()?.n ?? -1;
}

type Memo = { version: number; values: Map<string, unknown> };
const memos = new WeakMap<Db, Memo>();
const MAX_VALUES = 10_000;

/**
 * A value computed from access data (a user, a channel's access list), reused only while the
 * access version is the one it was computed at: any change to who may see what moves the version,
 * so the answer is always the one a fresh load would give. Inside a transaction nothing is kept:
 * a change it makes may still roll back, and the version with it, to a number seen before.
 */
export function whileAccessUnchanged<T>(db: Db, key: string, compute: () => T): T {
  if (db.inTransaction) return compute();
  const version = accessVersion(db);
  let memo = memos.get(db);
  if (memo?.version !== version) {
    memo = { version, values: new Map() };
    memos.set(db, memo);
  }
  if (memo.values.has(key)) return memo.values.get(key) as T;
  if (memo.values.size >= MAX_VALUES) memo.values.clear();
  const value = compute();
  memo.values.set(key, value);
  return value;
}

/**
 * loadCurrentUser for checks made on every job (webhook deliveries, notifications): the same user,
 * loaded again only after an access change. Shared between callers: never change it in place.
 */
export function currentUserNow(db: Db, userId: number): CurrentUser | null {
  return whileAccessUnchanged(db, `user:${userId}`, () => loadCurrentUser(db, userId));
}
