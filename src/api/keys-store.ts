import type { Db } from "../db/open.ts";
import { findUser } from "../auth/users-store.ts";
import { randomToken } from "../webhooks/store.ts";
import { can, type CurrentUser } from "../auth/principal.ts";
import { loadCurrentUser } from "../auth/users-store.ts";
import { accessibleChannelIds } from "../channels/access.ts";

/** read ⊂ send ⊂ manage: manage adds channel administration (add, pairing code, log out, reconnect). */
export type ApiScope = "read" | "send" | "manage";
export const API_SCOPES: readonly ApiScope[] = ["read", "send", "manage"];

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

/**
 * What a request authenticated with a key may do, worked out afresh for each request from what its
 * creator may do now: `channels` are the key's channels that the creator may still use, and a manage
 * key whose creator no longer manages channels acts as a send key.
 */
export type ApiPrincipal = {
  keyId: number;
  name: string;
  scope: ApiScope;
  channels: number[];
  /** Scoped to all channels (including ones added later), rather than to a list. */
  allChannels: boolean;
  creator: CurrentUser;
};

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

export function findApiKey(db: Db, id: number): ApiKeyRow | null {
  return db.query<ApiKeyRow, [number]>("SELECT * FROM api_keys WHERE id = ?").get(id);
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

/** The channels a creator's key reaches now: its own list (or all) narrowed to what they may use. */
function reachableChannels(db: Db, row: ApiKeyRow, creator: CurrentUser): number[] {
  const usable = accessibleChannelIds(db, creator);
  const declared = channelIdsOf(row);
  return declared === "all" ? usable : usable.filter((id) => declared.includes(id));
}

export type KeyCheck = { ok: true; principal: ApiPrincipal } | { ok: false; reason: string };

/**
 * The principal for a presented key; a reason for the caller when it is unknown, revoked, or its
 * creator is gone or deactivated. Notes when it was last used (once a minute at most).
 */
export function authenticateApiKey(db: Db, key: string, now: number): KeyCheck {
  const row = db
    .query<ApiKeyRow, [string]>("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
    .get(hashApiKey(key));
  if (!row) return { ok: false, reason: "This API key is unknown or was revoked." };
  const creator = row.created_by === null ? null : loadCurrentUser(db, row.created_by);
  if (!creator) {
    const name = row.created_by === null ? null : creatorName(db, row.created_by);
    return {
      ok: false,
      reason: name
        ? `This API key's creator (${name}) was deactivated, so the key no longer works. Create a new key.`
        : "This API key's creator no longer exists, so the key no longer works. Create a new key.",
    };
  }
  if (row.last_used_at === null || now - row.last_used_at > 60_000)
    db.query("UPDATE api_keys SET last_used_at = ? WHERE id = ?").run(now, row.id);
  const scope = row.scope === "manage" && !can(creator, "channels.manage") ? "send" : row.scope;
  return {
    ok: true,
    principal: {
      keyId: row.id,
      name: row.name,
      scope,
      channels: reachableChannels(db, row, creator),
      allChannels: row.all_channels === 1,
      creator,
    },
  };
}

function creatorName(db: Db, userId: number): string | null {
  return findUser(db, userId)?.name ?? null;
}
