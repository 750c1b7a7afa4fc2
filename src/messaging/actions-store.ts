import type { Db } from "../db/open.ts";

/** SQL of our own reactions, edits and deletes for everyone (message_actions), queued like sends. */

export type ActionKind = "react" | "edit" | "revoke";
export type ActionRow = {
  id: number;
  message_id: number;
  kind: ActionKind;
  value: string;
  status: "queued" | "sending" | "done" | "failed";
  error: string | null;
  user_id: number | null;
  idempotency_key: string | null;
  created_at: number;
  done_at: number | null;
};

export function insertAction(
  db: Db,
  a: {
    messageId: number;
    kind: ActionKind;
    value: string;
    userId: number | null;
    key: string | null;
    now: number;
  },
): ActionRow {
  return db
    .query<ActionRow, Record<string, string | number | null>>(
      `INSERT INTO message_actions (message_id, kind, value, user_id, idempotency_key, created_at)
       VALUES ($message, $kind, $value, $user, $key, $now) RETURNING *`,
    )
    .get({ message: a.messageId, kind: a.kind, value: a.value, user: a.userId, key: a.key, now: a.now })!;
}

export function findAction(db: Db, id: number): ActionRow | null {
  return db.query<ActionRow, [number]>("SELECT * FROM message_actions WHERE id = ?").get(id);
}

export function findActionByKey(db: Db, key: string): ActionRow | null {
  return db.query<ActionRow, [string]>("SELECT * FROM message_actions WHERE idempotency_key = ?").get(key);
}

/** Its turn came; false when another dispatch took it, or it is no longer queued. */
export function claimAction(db: Db, id: number): boolean {
  return (
    db.query("UPDATE message_actions SET status = 'sending' WHERE id = ? AND status = 'queued'").run(id)
      .changes === 1
  );
}

export function finishAction(db: Db, id: number, error: string | null, now: number): ActionRow | null {
  return db
    .query<ActionRow, [string, string | null, number, number]>(
      "UPDATE message_actions SET status = ?, error = ?, done_at = ? WHERE id = ? RETURNING *",
    )
    .get(error === null ? "done" : "failed", error?.slice(0, 500) ?? null, now, id);
}

/** At start-up: queued actions go out; one cut off mid-send may have left, so it fails rather than repeat. */
export function actionsToResume(db: Db, now: number): ActionRow[] {
  db.query(
    `UPDATE message_actions SET status = 'failed', done_at = ?, error = 'Interrupted by a restart: it may not have reached WhatsApp.'
     WHERE status IN ('queued','sending') AND status = 'sending'`,
  ).run(now);
  return db
    .query<ActionRow, []>(
      "SELECT * FROM message_actions WHERE status IN ('queued','sending') AND status = 'queued' ORDER BY id",
    )
    .all();
}
