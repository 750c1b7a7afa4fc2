import type { MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context.ts";

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

/**
 * Two locks on every state-changing request from a browser: the Origin / Sec-Fetch-Site check,
 * and, once signed in, the session's CSRF token (form field `_csrf` or header `X-CSRF-Token`).
 * The REST API authenticates with keys, not cookies, and is exempt.
 */
export function csrfProtection(isExempt: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE.test(c.req.method) || isExempt(c.req.path)) return next();
    const { config } = c.get("deps");
    const sameOrigin = csrf({
      origin: (origin, ctx) => origin === config.baseUrl || origin === new URL(ctx.req.url).origin,
    });
    let originOk = true;
    await sameOrigin(c, async () => {}).catch(() => {
      originOk = false;
    });
    const fetchSite = c.req.header("sec-fetch-site");
    if (!originOk || (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none")) {
      return c.text("Forbidden: this request did not come from a Pairbox page.", 403);
    }
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
        return c.text(
          "Forbidden: the form expired or was not sent from Pairbox. Reload the page and try again.",
          403,
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
