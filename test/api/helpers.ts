import type { Config } from "../../src/config.ts";
import { insertApiKey, type ApiScope } from "../../src/api/keys-store.ts";
import type { Db } from "../../src/db/open.ts";
import { BASE, makeTestApp } from "../helpers/app.ts";
import { keyOwner, makeServices, SECRET } from "../webhooks/fixtures.ts";

export { keyOwner };

/**
 * The whole app over real services (ingest, outbox with a recording sender, job runner), so API
 * calls, webhooks and pages are exercised together. Shaped like TestApp for the sign-in helpers.
 */
export function makeIntegrationApp(overrides: Partial<Config> = {}) {
  const s = makeServices();
  const t = makeTestApp(overrides, { db: s.db, clock: s.clock, secret: SECRET, services: s.services });
  return { ...t, ...s, advance: s.advance };
}

export type IntegrationApp = ReturnType<typeof makeIntegrationApp>;

/**
 * A key as an administrator would create it (a key acts for its creator, so it needs one who may
 * use every channel). Pass `createdBy` to make it act for someone else.
 */
export function makeKey(
  t: { db: Db; clock: () => number },
  channels: "all" | number[],
  scope: ApiScope = "send",
  createdBy: number = keyOwner(t.db),
): string {
  return insertApiKey(t.db, { name: "test", scope, channels, createdBy }, t.clock()).key;
}

/** An API call as an integration makes it: a key, JSON in and out, no cookies, no Origin. */
export function api(
  t: IntegrationApp,
  key: string | null,
  path: string,
  init: { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return t.app.request(`${BASE}${path}`, { method: init.method ?? "GET", headers, body });
}
