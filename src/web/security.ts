import type { Context, MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context.ts";
import { allowedHosts, originIsAllowed } from "../host-name.ts";
import { listeningPort } from "./host-check.ts";
import { refuse } from "./errors.tsx";

/**
 * Strict CSP: scripts only from us and only with this response's nonce (htmx's hx-csp extension
 * gates every hx-* element on that nonce), no inline styles, no framing.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:", "blob:"],
      mediaSrc: ["'self'", "blob:"],
      connectSrc: ["'self'"],
      // The installable app: its service worker and manifest come from us only.
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    crossOriginEmbedderPolicy: false,
  });
}

/** The CSRF token of a session: an HMAC of its id, so it needs no storage and dies with the session. */
export function csrfTokenFor(secret: string, sessionIdHash: string): string {
  return new Bun.CryptoHasher("sha256", secret).update(`csrf:${sessionIdHash}`).digest("base64url");
}

const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/;
/** Bodies a cross-site HTML form can send without a CORS preflight. */
const FORM_BODY = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)/i;

/**
 * Whether a browser says this request comes from one of our own pages. An Origin, when sent,
 * must be the base URL's or one of the allowed hosts' (never just whatever the Host header says:
 * that is the attacker's choice under DNS rebinding). Without an Origin, Sec-Fetch-Site must say
 * same-origin, unless the body is one no cross-site form can send.
 */
function fromOurPage(c: Context<AppEnv>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = c.req.header("origin");
  if (origin !== undefined)
    return originIsAllowed(origin, allowedHosts(c.get("deps").config, listeningPort(c)));
  return site !== undefined || !FORM_BODY.test(c.req.header("content-type") ?? "text/plain");
}

/**
 * Two locks on every state-changing request from a browser: the Origin / Sec-Fetch-Site check,
 * and, once signed in, the session's CSRF token (form field `_csrf` or header `X-CSRF-Token`).
 * The REST API authenticates with keys, not cookies, and is exempt.
 */
export function csrfProtection(isExempt: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE.test(c.req.method) || isExempt(c.req.path)) return next();
    if (!fromOurPage(c)) return refuse(c, 403, "This request did not come from a Pairbox page.");
    const idHash = c.get("sessionIdHash");
    if (idHash) {
      const expected = c.get("csrfToken");
      let sent = c.req.header("x-csrf-token");
      if (!sent && /form/.test(c.req.header("content-type") ?? "")) {
        const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        const field = body._csrf;
        sent = typeof field === "string" ? field : undefined;
      }
      if (!sent || !timingSafeEqualStrings(sent, expected)) {
        return refuse(
          c,
          403,
          "The form expired or was not sent from Pairbox. Reload the page and try again.",
        );
      }
    }
    return next();
  };
}

function timingSafeEqualStrings(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}
