import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../web/context.ts";
import { newToken } from "./sessions.ts";

/**
 * A browser that has signed in to an account before carries a cookie saying so, signed with the
 * server's secret and bound to that account's email. The sign-in limits tell its tries apart from
 * everyone else's, so an attack from elsewhere never holds up the owner's own browser (OWASP's
 * "device cookie"). It proves nothing else: the password is still needed every time.
 */
export const KNOWN_BROWSER_COOKIE = "pairbox_known";
/** Browsers keep a cookie at most 400 days. */
const MAX_AGE_S = 400 * 24 * 60 * 60;

function mac(secret: string, email: string, id: string): string {
  return new Bun.CryptoHasher("sha256", secret).update(`known-browser:${email}:${id}`).digest("base64url");
}

/** This browser's id when its cookie was issued for `email`; null otherwise. */
export function knownBrowserId(c: Context<AppEnv>, email: string): string | null {
  const value = getCookie(c, KNOWN_BROWSER_COOKIE);
  const [id, given] = value?.split(".") ?? [];
  if (!id || !given || id.length > 64) return null;
  const expected = Buffer.from(mac(c.get("deps").secret, email, id));
  const sent = Buffer.from(given);
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? id : null;
}

/** After a successful sign-in: this browser is now known for this account. */
export function rememberBrowser(c: Context<AppEnv>, email: string): void {
  const id = knownBrowserId(c, email) ?? newToken().slice(0, 22);
  setCookie(c, KNOWN_BROWSER_COOKIE, `${id}.${mac(c.get("deps").secret, email, id)}`, {
    // Only the sign-in form ever needs it.
    path: "/login",
    httpOnly: true,
    sameSite: "Strict",
    secure: c.get("deps").config.baseUrl.startsWith("https:"),
    maxAge: MAX_AGE_S,
  });
}
