import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../web/context.ts";
import { authenticateApiKey, type ApiPrincipal } from "./keys-store.ts";
import type { ErrorJson } from "../messaging/public-schemas.ts";

/** The API's context: everything a page has, plus the key the request authenticated with. */
export type ApiEnv = { Variables: AppEnv["Variables"] & { api: ApiPrincipal } };

/** Which key made a request, for the request log (which runs outside the API's own context type). */
const keyOfRequest = new WeakMap<Request, number>();
export function apiKeyIdOf(req: Request): number | undefined {
  return keyOfRequest.get(req);
}

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 502 | 503;

export function apiError<S extends ApiErrorStatus>(
  c: Context,
  status: S,
  error: string,
  message: string,
  issues?: ErrorJson["issues"],
) {
  const body: ErrorJson = issues ? { error, message, issues } : { error, message };
  return c.json(body, status);
}

export const notFoundJson = (c: Context, what = "Nothing here, or this key has no access to it.") =>
  apiError(c, 404, "not_found", what);

/** Reads the key from `Authorization: Bearer …` or `X-Api-Key`. */
function presentedKey(c: Context): string | null {
  const auth = c.req.header("authorization");
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  return bearer ?? c.req.header("x-api-key")?.trim() ?? null;
}

export function apiAuth(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = presentedKey(c);
    if (!key) {
      c.header("WWW-Authenticate", 'Bearer realm="pairbox"');
      return apiError(
        c,
        401,
        "unauthorized",
        "Send an API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Administrators create keys under Settings → API keys.",
      );
    }
    const { db, clock } = c.get("deps");
    const checked = authenticateApiKey(db, key, clock());
    if (!checked.ok) {
      c.header("WWW-Authenticate", 'Bearer realm="pairbox", error="invalid_token"');
      return apiError(c, 401, "unauthorized", checked.reason);
    }
    c.set("api", checked.principal);
    keyOfRequest.set(c.req.raw, checked.principal.keyId);
    await next();
  };
}

export function requireSendScope(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.get("api").scope === "read")
      return apiError(
        c,
        403,
        "forbidden",
        "This API key is read-only: sending needs a key with the send scope.",
      );
    await next();
  };
}

/** Channel administration (pairing codes, adding, logging out, reconnecting) needs the manage scope. */
export function requireManageScope(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.get("api").scope !== "manage")
      return apiError(
        c,
        403,
        "forbidden",
        "Managing channels needs a key with the manage scope, created by someone who manages channels (Settings → API keys).",
      );
    await next();
  };
}

/** Whether the request's key reaches a channel. Other channels answer 404, as if they did not exist. */
export function keyReaches(c: Context<ApiEnv>, channelId: number): boolean {
  return c.get("api").channels.includes(channelId);
}

/** Keyset cursors are opaque to clients: "<at>:<id>" in base64url. */
export function encodeCursor(at: number, id: number): string {
  return Buffer.from(`${at}:${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { at: number; id: number } | null | "invalid" {
  if (!cursor) return null;
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(cursor, "base64url").toString());
  return m ? { at: Number(m[1]), id: Number(m[2]) } : "invalid";
}
