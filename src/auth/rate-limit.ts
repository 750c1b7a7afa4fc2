import type { Db } from "../db/open.ts";

/** Failed sign-ins allowed per window before further tries are refused, per IP and per account. */
export const LOGIN_LIMITS = { windowMs: 15 * 60 * 1000, perIp: 20, perAccount: 5 };

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export function checkLoginAllowed(db: Db, ip: string, email: string, now: number): LimitVerdict {
  const since = now - LOGIN_LIMITS.windowMs;
  const byIp = db
    .query<{ n: number; first: number | null }, [string, number]>(
      "SELECT count(*) AS n, min(at) AS first FROM login_attempts WHERE ip = ? AND at > ? AND ok = 0",
    )
    .get(ip, since)!;
  const byAccount = db
    .query<{ n: number; first: number | null }, [string, number]>(
      "SELECT count(*) AS n, min(at) AS first FROM login_attempts WHERE email = ? AND at > ? AND ok = 0",
    )
    .get(email, since)!;
  const blocked = [
    byIp.n >= LOGIN_LIMITS.perIp ? byIp.first : null,
    byAccount.n >= LOGIN_LIMITS.perAccount ? byAccount.first : null,
  ].filter((x): x is number => x !== null);
  if (blocked.length === 0) return { allowed: true };
  return { allowed: false, retryAfterMs: Math.max(...blocked) + LOGIN_LIMITS.windowMs - now };
}

export function recordLoginAttempt(db: Db, ip: string, email: string, ok: boolean, now: number): void {
  db.query("INSERT INTO login_attempts (ip, email, ok, at) VALUES (?, ?, ?, ?)").run(
    ip,
    email,
    ok ? 1 : 0,
    now,
  );
  // A success clears the account's failures so a person who finally remembers is not locked out later.
  if (ok) db.query("DELETE FROM login_attempts WHERE email = ? AND ok = 0").run(email);
  db.query("DELETE FROM login_attempts WHERE at < ?").run(now - 2 * LOGIN_LIMITS.windowMs);
}
