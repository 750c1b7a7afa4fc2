import { nonce } from "./context.ts";

type HxAttrs = {
  get?: string;
  post?: string;
  trigger?: string;
  target?: string;
  swap?: string;
  include?: string;
  vals?: string;
  encoding?: string;
  "sse:connect"?: string;
};

/**
 * An element's htmx attributes (`get` becomes `hx-get`, …), with the page's nonce last: htmx runs
 * under a strict CSP and ignores hx-* on an element without it.
 */
export function hx(attrs: HxAttrs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) out[`hx-${name}`] = value;
  out["hx-nonce"] = nonce();
  return out;
}
