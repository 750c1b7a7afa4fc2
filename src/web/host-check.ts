import type { Context, MiddlewareHandler } from "hono";
import { allowedHosts, canonicalHost, hostIsAllowed } from "../host-name.ts";
import type { AppEnv } from "./context.ts";

type BunServerLike = { port?: number };

/**
 * Routes that authenticate with a header credential only, or serve the same public files to
 * everyone (the API reference's styles and scripts among them), so a page that rebinds its own
 * name to this server gains nothing there; they stay reachable by whatever name monitoring and
 * integrations use (`pairbox healthcheck` calls 127.0.0.1).
 */
const ANY_HOST = /^\/(healthz$|metrics$|api\/|static\/)/;

/** The port this request came in on: Bun's server when there is one, else the configured port. */
export function listeningPort(c: Context<AppEnv>): number {
  return (c.env as BunServerLike | undefined)?.port ?? c.get("deps").config.port;
}

/** The name the request gives for us: the Host header, or for a request built in-process its URL. */
function requestHost(c: Context<AppEnv>): string | null {
  const header = c.req.header("host");
  if (header !== undefined) return canonicalHost(header);
  try {
    return canonicalHost(new URL(c.req.url).host);
  } catch {
    return null;
  }
}

/**
 * DNS rebinding: a page on another site points its own name at this server, and the browser then
 * treats Pairbox as that site, cookies aside (first-run set-up needs none). Such a request still
 * names the other site in its Host header, so answering only to our own names stops it before any
 * route (or the session, or the CSRF check) runs.
 */
export function hostCheck(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (ANY_HOST.test(c.req.path)) return next();
    const host = requestHost(c);
    if (host && hostIsAllowed(host, allowedHosts(c.get("deps").config, listeningPort(c)))) return next();
    const named = JSON.stringify((c.req.header("host") ?? host ?? "").slice(0, 100));
    return c.text(
      `Misdirected request: this Pairbox does not answer to the name ${named}. Open it at the address it is configured for (PAIRBOX_BASE_URL), or add this name to PAIRBOX_ALLOWED_HOSTS.`,
      421,
    );
  };
}
