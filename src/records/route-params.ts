import type { Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, type FormBody } from "../web/forms.ts";
import { typeFromSlug, type RecordType } from "./fields.ts";
import { getRecordOfType, type RecordRow } from "./store.ts";

/** The type named in the URL (/records/contacts/…), or null (→ 404) for anything else. */
export function routeType(c: Context<AppEnv>): RecordType | null {
  return typeFromSlug(c.req.param("types") ?? "");
}

/** The record a URL names, only when its type matches the URL too. */
export function routeRecord(c: Context<AppEnv>): RecordRow | null {
  const type = routeType(c);
  const id = idParam(c.req.param("id"));
  return type && id ? getRecordOfType(c.get("deps").db, type, id) : null;
}

/** Form fields as plain strings; files and repeated values are ignored. */
export function formStrings(body: FormBody, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, one(body, n).slice(0, 20_000)]));
}
