import type { Context } from "hono";
import { getContext } from "hono/context-storage";
import type { AppEnv } from "../web/context.ts";

/** Request-scoped values for components, so pages need not thread them through every prop. */
export function requestContext(): Context<AppEnv> {
  return getContext<AppEnv>();
}

/**
 * The CSP nonce of this response. Every element with hx-* attributes must carry `hx-nonce={nonce()}`:
 * htmx's hx-csp extension strips htmx attributes from anything without it, so injected HTML stays inert.
 */
export function nonce(): string {
  return requestContext().get("secureHeadersNonce") ?? "";
}

export function csrfToken(): string {
  return requestContext().get("csrfToken");
}
