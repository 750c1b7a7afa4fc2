import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Config } from "../config.ts";
import type { AppEnv } from "./context.ts";

/** What any form or API body may weigh unless its route says otherwise: sign-in, settings, JSON calls. */
export const FORM_LIMIT = 64 * 1024;
/**
 * Forms with long text fields (a 20,000-character template, 10,000-character notes): URL-encoded,
 * a three-byte character takes nine bytes, so they need more than the default.
 */
export const LONG_FORM_LIMIT = 256 * 1024;
/** Room for a form's other fields around its file. */
const UPLOAD_OVERHEAD = 256 * 1024;

export type BodySize = "long-form" | "upload";

/** A route (matched on "METHOD /path") that takes more than FORM_LIMIT, and how to say no to it. */
export type BodyRule = {
  route: RegExp;
  size: BodySize;
  /** A better place for the refusal than a plain line, e.g. next to the file picker. */
  tooLarge?: (c: Context<AppEnv>) => Response | Promise<Response>;
};

export function uploadBodyLimit(config: Config): number {
  return config.maxUploadBytes + UPLOAD_OVERHEAD;
}

export function uploadTooLargeMessage(config: Config): string {
  return `The file is larger than the ${config.maxUploadMb} MB limit. Nothing was sent or stored.`;
}

function refuse(c: Context<AppEnv>, size: BodySize | "form"): Response {
  const { config } = c.get("deps");
  const message =
    size === "upload"
      ? uploadTooLargeMessage(config)
      : `The form is larger than ${(size === "form" ? FORM_LIMIT : LONG_FORM_LIMIT) / 1024} KB, the most this page takes. Nothing was saved.`;
  if (c.req.path.startsWith("/api/")) return c.json({ error: "too_large", message }, 413);
  return c.text(message, 413);
}

/**
 * Caps every request body before anything reads it (the CSRF check, the sign-in form, a route):
 * at once from Content-Length, and while reading a body sent without one. Without a cap anyone
 * could make the server buffer Bun's outer limit (the upload cap) per request, signed in or not.
 */
export function bodyLimits(rules: BodyRule[]): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const key = `${c.req.method} ${c.req.path}`;
    const rule = rules.find((r) => r.route.test(key));
    const size = rule?.size ?? "form";
    const maxSize =
      size === "upload"
        ? uploadBodyLimit(c.get("deps").config)
        : size === "long-form"
          ? LONG_FORM_LIMIT
          : FORM_LIMIT;
    return bodyLimit({
      maxSize,
      onError: (ctx) => (rule?.tooLarge ?? ((x) => refuse(x, size)))(ctx as Context<AppEnv>),
    })(c, next);
  };
}
