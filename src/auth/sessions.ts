import type { Db } from "../db/open.ts";

/** Server-side sessions. The cookie holds a random token; the table holds only its SHA-256. */
export const SESSION_COOKIE = "pairbox_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export function hashToken(token: string): string {
  return new Bun.CryptoHasher("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

export function createSession(db: Db, userId: number, now: number): { token: string; idHash: string } {
  const token = newToken();
  const idHash = hashToken(token);
  db.query(
    "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
  ).run(idHash, userId, now, now, now + SESSION_TTL_MS);
  return { token, idHash };
}

/** Finds a live session by its cookie token, sliding its expiry at most once a minute. */
export function resolveSession(
  db: Db,
  token: string,
  now: number,
): { userId: number; idHash: string } | null {
  const idHash = hashToken(token);
  const row = db
    .query<{ user_id: number; last_seen_at: number; expires_at: number }, [string]>(
      "SELECT user_id, last_seen_at, expires_at FROM sessions WHERE id_hash = ?",
    )
    .get(idHash);
  if (!row) return null;
  if (row.expires_at <= now) {
    deleteSession(db, idHash);
    return null;
  }
  if (now - row.last_seen_at > TOUCH_EVERY_MS) {
    db.query("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?").run(
      now,
      now + SESSION_TTL_MS,
      idHash,
    );
  }
  return { userId: row.user_id, idHash };
}

/** Whose session this still is, without sliding its expiry: for checks that are not a person's activity. */
export function sessionOwner(db: Db, idHash: string, now: number): number | null {
  return (
    db
      .query<{ user_id: number }, [string, number]>(
        "SELECT user_id FROM sessions WHERE id_hash = ? AND expires_at > ?",
      )
      .get(idHash, now)?.user_id ?? null
  );
}

export function deleteSession(db: Db, idHash: string): void {
  db.query("DELETE FROM sessions WHERE id_hash = ?").run(idHash);
}

export function deleteUserSessions(db: Db, userId: number): void {
  db.query("DELETE FROM sessions WHERE user_id = ?").run(userId);
}

export function pruneExpiredSessions(db: Db, now: number): void {
  db.query("DELETE FROM sessions WHERE expires_at <= ?").run(now);
}
