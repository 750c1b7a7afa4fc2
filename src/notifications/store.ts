import type { Db } from "../db/open.ts";
import { queuePushToUser } from "../push/queue.ts";

export type NotificationRow = {
  id: number;
  user_id: number;
  title: string;
  body: string;
  href: string;
  created_at: number;
  read_at: number | null;
};

/**
 * In-app notifications: a title, a line of text and a link (a conversation), per user. Each is also
 * queued as a web push to the person's browsers, in the same transaction; `kind` says which push
 * preference it falls under (mentions, assignments, anything else), `conversationId` whose channel
 * the person must still reach when it is sent.
 */
export function insertNotification(
  db: Db,
  n: {
    userId: number;
    title: string;
    body: string;
    href: string;
    kind?: "mentions" | "assignments" | "other";
    conversationId?: number;
  },
  now: number,
): number {
  const title = n.title.slice(0, 200);
  const body = n.body.slice(0, 1000);
  const id = Number(
    db
      .query("INSERT INTO notifications (user_id, title, body, href, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(n.userId, title, body, n.href, now).lastInsertRowid,
  );
  queuePushToUser(
    db,
    {
      userId: n.userId,
      kind: n.kind ?? "other",
      content: { title, body: body.slice(0, 200), url: n.href },
      conversationId: n.conversationId ?? conversationIdOf(n.href),
      source: `notification:${id}`,
    },
    now,
  );
  return id;
}

/** The conversation a notification links to (/inbox/c/12), if any. */
function conversationIdOf(href: string): number | undefined {
  const m = /^\/inbox\/c\/(\d+)(?:[/?#]|$)/.exec(href);
  return m ? Number(m[1]) : undefined;
}

export function unreadNotificationCount(db: Db, userId: number): number {
  return db
    .query<{ n: number }, [number]>(
      "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL",
    )
    .get(userId)!.n;
}

export function listNotifications(db: Db, userId: number, limit = 100): NotificationRow[] {
  return db
    .query<NotificationRow, [number, number]>(
      "SELECT * FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?",
    )
    .all(userId, limit);
}

/** Only the owner's own notification: anyone else's id reads as not found. */
export function findNotification(db: Db, userId: number, id: number): NotificationRow | null {
  return db
    .query<NotificationRow, [number, number]>("SELECT * FROM notifications WHERE id = ? AND user_id = ?")
    .get(id, userId);
}

export function markNotificationRead(db: Db, userId: number, id: number, now: number): void {
  db.query("UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?").run(
    now,
    id,
    userId,
  );
}

export function markAllNotificationsRead(db: Db, userId: number, now: number): void {
  db.query("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL").run(now, userId);
}
