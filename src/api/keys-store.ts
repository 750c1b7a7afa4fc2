import type { Db } from "../db/open.ts";
import { randomToken } from "../webhooks/store.ts";

export type ApiScope = "read" | "send";

export type ApiKeyRow = {
  id: number;
  name: string;
  prefix: string;
  key_hash: string;
  scope: ApiScope;
  all_channels: number;
  channel_ids: string;
  created_by: number | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
};

/** What a request authenticated with a key may do. */
export type ApiPrincipal = { keyId: number; name: string; scope: ApiScope; channels: "all" | number[] };

/**
 * Keys are 32 random bytes, so a plain SHA-256 is enough to store them: there is nothing to
 * brute-force, and a fast hash keeps every API request cheap (a password hash would not).
 */
export function hashApiKey(key: string): string {
  return new Bun.CryptoHasher("sha256").update(key).digest("hex");
}

export function newApiKey(): string {
  return randomToken("pbx_", 32);
}

export type NewApiKey = {
  name: string;
  scope: ApiScope;
  channels: "all" | number[];
  createdBy: number | null;
};

/** Creates a key and returns it in full: the only time it exists outside the caller's hands. */
export function insertApiKey(db: Db, k: NewApiKey, now: number): { id: number; key: string } {
  const key = newApiKey();
  const id = db
    .query(
      "INSERT INTO api_keys (name, prefix, key_hash, scope, all_channels, channel_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(
      k.name,
      key.slice(0, 10),
      hashApiKey(key),
      k.scope,
      k.channels === "all" ? 1 : 0,
      JSON.stringify(k.channels === "all" ? [] : k.channels),
      k.createdBy,
      now,
    ).lastInsertRowid;
  return { id: Number(id), key };
}

export function listApiKeys(db: Db): ApiKeyRow[] {
  return db.query<ApiKeyRow, []>("SELECT * FROM api_keys ORDER BY revoked_at IS NOT NULL, id DESC").all();
}

export function revokeApiKey(db: Db, id: number, now: number): void {
  db.query("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id);
}

export function channelIdsOf(row: ApiKeyRow): "all" | number[] {
  if (row.all_channels === 1) return "all";
  try {
    const ids: unknown = JSON.parse(row.channel_ids);
    return Array.isArray(ids) ? ids.filter((v): v is number => typeof v === "number") : [];
  } catch {
    return [];
  }
}

/** The principal for a presented key, or null when it is unknown or revoked. Notes when it was last used (once a minute at most). */
export function authenticateApiKey(db: Db, key: string, now: number): ApiPrincipal | null {
  const row = db
    .query<ApiKeyRow, [string]>("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
    .get(hashApiKey(key));
  if (!row) return null;
  if (row.last_used_at === null || now - row.last_used_at > 60_000)
    db.query("UPDATE api_keys SET last_used_at = ? WHERE id = ?").run(now, row.id);
  return { keyId: row.id, name: row.name, scope: row.scope, channels: channelIdsOf(row) };
}
