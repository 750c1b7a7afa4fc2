import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../web/context.ts";
import { apiKeyIdOf } from "../api/http.ts";
import { metricsFor } from "./metrics.ts";

/** Noisy, uninteresting requests are logged at debug level only. */
const QUIET = /^\/(healthz|metrics|static\/)/;

/**
 * One structured log line per request, with its request id, and its latency in the metrics.
 * Only the path is logged: query strings can carry signed-link signatures and tokens, and headers
 * carry cookies and API keys, so neither is ever written out.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const { logger, db } = c.get("deps");
    const status = c.res.status;
    // After next(), the current route index is the handler that answered (not the last route that matched).
    const matched = routePath(c);
    const route = status === 404 && (matched === "*" || matched === "/*") ? "unmatched" : matched;
    metricsFor(db).observeHttp(c.req.method, route, status, seconds);
    const line = {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      userId: c.get("user")?.id,
      apiKeyId: apiKeyIdOf(c.req.raw),
    };
    if (QUIET.test(c.req.path) && status < 500) logger.debug(line, "request");
    else logger.info(line, "request");
  };
}
