import { timingSafeEqual } from "node:crypto";
import type { Db } from "../db/open.ts";
import { readSetting, saveSetting } from "../db/settings.ts";
import type { Logger } from "../log.ts";
import { hashToken, newToken } from "./sessions.ts";
import { countUsers } from "./users-store.ts";

/**
 * The one-time set-up token: whoever opens the link with it creates the first administrator, so
 * only someone who can read the server's log can. Only its SHA-256 is stored; each start issues a
 * new one (the old link stops working), and creating the first administrator deletes it.
 */
const KEY = "auth.setup_token_sha256";

export function issueSetupToken(db: Db): string {
  const token = newToken();
  saveSetting(db, KEY, hashToken(token));
  return token;
}

export function setupTokenValid(db: Db, token: string): boolean {
  const stored = readSetting(db, KEY);
  if (!stored || !token || token.length > 200) return false;
  const given = Buffer.from(hashToken(token));
  const expected = Buffer.from(stored);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function clearSetupToken(db: Db): void {
  saveSetting(db, KEY, null);
}

/**
 * At start-up, while nobody can sign in: a fresh token, and the link printed where the person
 * installing Pairbox looks (the log, and standard error as well when the log level hides warnings).
 */
export function announceSetupLink(db: Db, baseUrl: string, logger: Logger): void {
  if (countUsers(db) > 0) {
    clearSetupToken(db);
    return;
  }
  const setupUrl = `${baseUrl}/setup?token=${issueSetupToken(db)}`;
  const message = "no administrator yet: open this set-up link to create one (each start prints a new link)";
  if (logger.isLevelEnabled("warn")) logger.warn({ setupUrl }, message);
  else console.error(`pairbox: ${message}: ${setupUrl}`);
}
