import type { Context, Hono, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../web/context.ts";
import { csrfTokenFor } from "../web/security.ts";
import { refuse } from "../web/errors.tsx";
import { can, type CurrentUser, type Permission } from "./principal.ts";
import { resolveSession, SESSION_COOKIE, SESSION_TTL_MS } from "./sessions.ts";
import { loadCurrentUser } from "./users-store.ts";

/** Loads the signed-in user (if any) for every request, and the CSRF token that goes with their session. */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, clock, secret } = c.get("deps");
    c.set("user", null);
    c.set("sessionIdHash", null);
    c.set("csrfToken", "");
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = resolveSession(db, token, clock());
      const user = session ? loadCurrentUser(db, session.userId) : null;
      if (session && user) {
        c.set("user", user);
        c.set("sessionIdHash", session.idHash);
        c.set("csrfToken", csrfTokenFor(secret, session.idHash));
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: "/" });
      }
    }
    await next();
  };
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("deps").config.baseUrl.startsWith("https:"),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/**
 * Where to come back after signing in: the page itself, or for an in-page (htmx) request the page
 * the person was on, never the fragment or form action that happened to notice the expired session.
 */
function returnPath(c: Context<AppEnv>): string {
  const current = c.req.header("hx-current-url");
  if (c.req.header("hx-request") && current) {
    try {
      const url = new URL(current);
      if (url.origin === new URL(c.req.url).origin) return url.pathname + url.search;
    } catch {
      // A malformed header: fall back to the request's own path.
    }
  }
  return c.req.method === "GET" ? c.req.path : "/";
}

/** Pages need a signed-in user; htmx requests get a full redirect rather than a login form swapped into a fragment. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("user")) {
      const to = `/login?next=${encodeURIComponent(returnPath(c))}`;
      if (c.req.header("hx-request")) {
        c.header("HX-Redirect", to);
        return c.body(null, 401);
      }
      return c.redirect(to, 303);
    }
    await next();
  };
}

export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(c.get("user"), permission)) {
      return refuse(c, 403, `You need the ${permission} permission for this page.`);
    }
    await next();
  };
}

/** Guards a section of pages: `base` itself and every path below it. */
export function guardSection(app: Hono<AppEnv>, base: string, guard: MiddlewareHandler<AppEnv>): void {
  app.use(base, guard);
  app.use(`${base}/*`, guard);
}

/** The signed-in user inside a route behind requireUser(). */
export function currentUser(c: Context<AppEnv>): CurrentUser {
  const user = c.get("user");
  if (!user) throw new Error("currentUser() used on a route without requireUser()");
  return user;
}
