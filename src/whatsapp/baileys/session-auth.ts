import { DEFAULT_CACHE_TTLS, type AuthenticationCreds } from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import { loadAuthState, wipeAuth, type SqliteAuthState } from "./auth-store.ts";
import type { BaileysLogger } from "./socket.ts";
import { TtlCache } from "./ttl-cache.ts";

/**
 * What one channel's session keeps across its reconnects: the auth state (creds and the cached key
 * store) and the caches Baileys would otherwise make anew for every socket. Rebuilding the auth
 * state per socket read the creds back from the database, so an update the old socket had not yet
 * handed over was lost, and each rebuild left a key cache (and its timer) behind.
 */

/** Caches the socket options take, shared by every socket of the session. */
export type SocketCaches = {
  /** How often each message was retried: a reconnect must not let a broken message retry for ever. */
  msgRetryCounterCache: TtlCache;
  userDevicesCache: TtlCache;
};

export type SessionAuth = {
  /** The auth state, loaded (or created) on first use and then the same object until `wipe`. */
  current(): SqliteAuthState;
  /** Saves a creds update, if `auth` is still the current state (not wiped since). */
  saveCreds(auth: SqliteAuthState, update: Partial<AuthenticationCreds>): void;
  /** Removes the device identity; the next `current()` starts a fresh one. */
  wipe(): void;
  caches: SocketCaches;
};

const seconds = (s: number) => s * 1000;

export function createSessionAuth(
  db: Db,
  channelId: number,
  clock: Clock,
  logger: BaileysLogger,
): SessionAuth {
  const keyCache = new TtlCache(seconds(DEFAULT_CACHE_TTLS.SIGNAL_STORE), clock);
  const caches: SocketCaches = {
    msgRetryCounterCache: new TtlCache(seconds(DEFAULT_CACHE_TTLS.MSG_RETRY), clock),
    userDevicesCache: new TtlCache(seconds(DEFAULT_CACHE_TTLS.USER_DEVICES), clock),
  };
  let auth: SqliteAuthState | null = null;
  return {
    current() {
      auth ??= loadAuthState(db, channelId, clock, logger, keyCache);
      return auth;
    },
    saveCreds(from, update) {
      if (from !== auth) return;
      // Baileys has assigned the update to this same object already; assigning again is harmless
      // and keeps fake sockets (which do not) honest.
      Object.assign(from.state.creds, update);
      from.saveCreds();
    },
    wipe() {
      auth?.dropHeldKeyWrites();
      auth = null;
      keyCache.flushAll();
      caches.msgRetryCounterCache.flushAll();
      caches.userDevicesCache.flushAll();
      wipeAuth(db, channelId);
    },
    caches,
  };
}
