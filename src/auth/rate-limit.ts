import { write } from "../db/write.ts";
import type { Db } from "../db/open.ts";

const MINUTE = 60_000;

/**
 * Sign-in limits. Brute force must stay slow, yet nobody may lock another person out, so no limit
 * is a plain lock on an account:
 * - per address, across accounts: `perIp` failures in `ipWindowMs`, then that address waits;
 * - per client (the address, or a browser that signed in to this account before) and account:
 *   `freePerClient` free tries, then each further one waits twice as long (2 s, 4 s, 8 s … up to
 *   `maxClientDelayMs`) after the last, until a success starts it afresh;
 * - per account, every unknown client together (a spread-out attack): past `freePerAccount` failures
 *   in `accountWindowMs`, unknown clients wait a small growing delay (at most `maxAccountDelayMs`),
 *   while browsers that signed in to the account before are not held up by it.
 * Failed and still-running attempts both count.
 */
export const LOGIN_LIMITS = {
  perIp: 20,
  ipWindowMs: 15 * MINUTE,
  freePerClient: 5,
  maxClientDelayMs: 15 * MINUTE,
  /** How long a client's failures are remembered. */
  clientMemoryMs: 24 * 60 * MINUTE,
  freePerAccount: 20,
  accountWindowMs: 15 * MINUTE,
  maxAccountDelayMs: MINUTE,
};

export type SignInClient = {
  email: string;
  ip: string;
  /** The id of this browser when it signed in to this account before, from its signed cookie. */
  knownBrowser: string | null;
};

export type Reservation = { allowed: true; attemptId: number } | { allowed: false; retryAfterMs: number };

/** 0 for the free tries, then 2 s, 4 s, 8 s … up to the cap. */
function growingDelay(failures: number, free: number, capMs: number): number {
  if (failures < free) return 0;
  return Math.min(1000 * 2 ** Math.min(failures - free + 1, 30), capMs);
}

type Tally = { n: number; first: number | null; last: number | null };

/** The waits that apply to this attempt right now; the longest one decides. */
function waitMs(db: Db, who: SignInClient, client: string, now: number): number {
  const tally = (sql: string, ...params: (string | number)[]) =>
    db.query<Tally, (string | number)[]>(sql).get(...params)!;
  const mine = tally(
    `SELECT count(*) AS n, min(at) AS first, max(at) AS last FROM login_attempts
      WHERE email = ? AND client = ? AND state <> 'ok' AND at > ?`,
    who.email,
    client,
    now - LOGIN_LIMITS.clientMemoryMs,
  );
  const waits = [
    (mine.last ?? 0) + growingDelay(mine.n, LOGIN_LIMITS.freePerClient, LOGIN_LIMITS.maxClientDelayMs) - now,
  ];
  if (who.knownBrowser === null) {
    const byIp = tally(
      `SELECT count(*) AS n, min(at) AS first, max(at) AS last FROM login_attempts
        WHERE ip = ? AND known = 0 AND state <> 'ok' AND at > ?`,
      who.ip,
      now - LOGIN_LIMITS.ipWindowMs,
    );
    if (byIp.n >= LOGIN_LIMITS.perIp) waits.push(byIp.first! + LOGIN_LIMITS.ipWindowMs - now);
    const account = tally(
      `SELECT count(*) AS n, min(at) AS first, max(at) AS last FROM login_attempts
        WHERE email = ? AND known = 0 AND state <> 'ok' AND at > ?`,
      who.email,
      now - LOGIN_LIMITS.accountWindowMs,
    );
    waits.push(
      (account.last ?? 0) +
        growingDelay(account.n, LOGIN_LIMITS.freePerAccount, LOGIN_LIMITS.maxAccountDelayMs) -
        now,
    );
  }
  return Math.max(...waits);
}

/**
 * Checks the limits and, when they allow it, reserves the attempt in the same transaction, before
 * the password is checked: concurrent attempts see each other, so no burst runs past a limit.
 */
export function reserveLoginAttempt(db: Db, who: SignInClient, now: number): Reservation {
  const client = who.knownBrowser ? `browser:${who.knownBrowser}` : `ip:${who.ip}`;
  return write(db, (): Reservation => {
    const wait = waitMs(db, who, client, now);
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    const row = db
      .query<{ id: number }, [string, string, string, number, number]>(
        `INSERT INTO login_attempts (email, ip, client, known, state, at)
           VALUES (?, ?, ?, ?, 'pending', ?) RETURNING id`,
      )
      .get(who.email, who.ip, client, who.knownBrowser ? 1 : 0, now)!;
    return { allowed: true, attemptId: row.id };
  });
}

/** Records how a reserved attempt ended. A success clears that client's failures on that account. */
export function settleLoginAttempt(db: Db, attemptId: number, ok: boolean, now: number): void {
  write(db, () => {
    const row = db
      .query<{ email: string; client: string }, [string, number]>(
        "UPDATE login_attempts SET state = ? WHERE id = ? RETURNING email, client",
      )
      .get(ok ? "ok" : "failed", attemptId);
    if (ok && row)
      db.query("DELETE FROM login_attempts WHERE email = ? AND client = ? AND state = 'failed'").run(
        row.email,
        row.client,
      );
    db.query("DELETE FROM login_attempts WHERE at < ?").run(now - LOGIN_LIMITS.clientMemoryMs);
  });
}
