import type { Db } from "../db/open.ts";

export type PushSubscriptionRow = {
  id: number;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string;
  created_at: number;
  last_sent_at: number | null;
};

/** What can be pushed; each can be turned off per person. */
export type PushKind = "new_messages" | "mentions" | "assignments" | "other";
export const PUSH_KINDS: readonly PushKind[] = ["new_messages", "mentions", "assignments", "other"];

export type PushPreferences = Record<PushKind, boolean> & {
  quietFrom: number | null;
  quietTo: number | null;
  timeZone: string;
};

export const DEFAULT_PREFERENCES: PushPreferences = {
  new_messages: true,
  mentions: true,
  assignments: true,
  other: true,
  quietFrom: null,
  quietTo: null,
  timeZone: "UTC",
};

/** A person's browsers; past this many the oldest is dropped (a phone reinstalled every week). */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;

/** Stores (or moves to this person) a browser's subscription; returns its id. */
export function saveSubscription(
  db: Db,
  s: { userId: number; endpoint: string; p256dh: string; auth: string; userAgent: string },
  now: number,
): number {
  const row = db
    .query<{ id: number }, [number, string, string, string, string, number]>(
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, user_agent, created_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh,
         auth = excluded.auth, user_agent = excluded.user_agent
       RETURNING id`,
    )
    .get(s.userId, s.endpoint, s.p256dh, s.auth, s.userAgent.slice(0, 300), now)!;
  db.query(
    `DELETE FROM push_subscriptions WHERE user_id = ?1 AND id NOT IN (
       SELECT id FROM push_subscriptions WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)`,
  ).run(s.userId, MAX_SUBSCRIPTIONS_PER_USER);
  return row.id;
}

export function deleteSubscriptionOf(db: Db, userId: number, endpoint: string): boolean {
  return (
    db.query("DELETE FROM push_subscriptions WHERE user_id = ? AND endpoint = ?").run(userId, endpoint)
      .changes > 0
  );
}

/** The push service said the subscription is gone (404/410): it never comes back. */
export function deleteSubscription(db: Db, id: number): void {
  db.query("DELETE FROM push_subscriptions WHERE id = ?").run(id);
}

export function findSubscription(db: Db, id: number): PushSubscriptionRow | null {
  return db.query<PushSubscriptionRow, [number]>("SELECT * FROM push_subscriptions WHERE id = ?").get(id);
}

export function subscriptionsOf(db: Db, userId: number): PushSubscriptionRow[] {
  return db
    .query<PushSubscriptionRow, [number]>("SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY id")
    .all(userId);
}

export function markSent(db: Db, id: number, now: number): void {
  db.query("UPDATE push_subscriptions SET last_sent_at = ? WHERE id = ?").run(now, id);
}

/** Every subscription of people who want this kind pushed (no preferences row: they want everything). */
export function subscriptionsWanting(db: Db, kind: PushKind): { id: number; user_id: number }[] {
  return db
    .query<{ id: number; user_id: number }, []>(
      `SELECT s.id, s.user_id FROM push_subscriptions s
       LEFT JOIN push_preferences p ON p.user_id = s.user_id
       WHERE coalesce(p.${kind}, 1) = 1 ORDER BY s.id`,
    )
    .all();
}

type PreferencesRow = Record<PushKind, number> & {
  quiet_from: number | null;
  quiet_to: number | null;
  time_zone: string;
};

export function preferencesOf(db: Db, userId: number): PushPreferences {
  const row = db
    .query<PreferencesRow, [number]>("SELECT * FROM push_preferences WHERE user_id = ?")
    .get(userId);
  if (!row) return DEFAULT_PREFERENCES;
  return {
    new_messages: row.new_messages === 1,
    mentions: row.mentions === 1,
    assignments: row.assignments === 1,
    other: row.other === 1,
    quietFrom: row.quiet_from,
    quietTo: row.quiet_to,
    timeZone: row.time_zone,
  };
}

export function savePreferences(db: Db, userId: number, p: PushPreferences, now: number): void {
  db.query(
    `INSERT INTO push_preferences (user_id, new_messages, mentions, assignments, other, quiet_from, quiet_to, time_zone, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET new_messages = excluded.new_messages, mentions = excluded.mentions,
       assignments = excluded.assignments, other = excluded.other, quiet_from = excluded.quiet_from,
       quiet_to = excluded.quiet_to, time_zone = excluded.time_zone, updated_at = excluded.updated_at`,
  ).run(
    userId,
    p.new_messages ? 1 : 0,
    p.mentions ? 1 : 0,
    p.assignments ? 1 : 0,
    p.other ? 1 : 0,
    p.quietFrom,
    p.quietTo,
    p.timeZone,
    now,
  );
}
