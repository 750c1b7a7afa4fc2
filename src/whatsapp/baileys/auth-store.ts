import {
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type CacheStore,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import { HeldKeyWrites } from "./held-key-writes.ts";
import type { BaileysLogger } from "./socket.ts";

/**
 * Baileys' auth state kept in SQLite rather than in files (its multi-file store is documented as unfit
 * for production): the creds document and every signal key, per channel, written in transactions.
 */

const encode = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
const decode = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

export type SqliteAuthState = {
  state: AuthenticationState;
  /** Writes the (mutated) creds document; Baileys calls it through `creds.update`. */
  saveCreds(): void;
  /**
   * Holds the key writes made from now on until `stored` settled (a message handed over before its
   * decryption's keys are written); resolves once they are committed. See held-key-writes.ts.
   */
  holdKeyWrites(stored: Promise<unknown>): Promise<void>;
  /** Drops the held key writes: the keys are being wiped, and must not be written back after. */
  dropHeldKeyWrites(): void;
};

function readCreds(db: Db, channelId: number): AuthenticationCreds | null {
  const row = db
    .query<{ creds: string }, [number]>("SELECT creds FROM wa_auth_creds WHERE channel_id = ?")
    .get(channelId);
  return row ? decode<AuthenticationCreds>(row.creds) : null;
}

/**
 * Whether creds belong to a linked device. A QR scan ends in pair-success, which stores the phone's
 * signed `account`; pairing by code sets `registered` once the phone entered the code. Not `me`:
 * asking for a pairing code sets it at once, before any phone said yes.
 */
export function isPaired(creds: AuthenticationCreds): boolean {
  return !!creds.account || creds.registered;
}

export function writeCreds(db: Db, channelId: number, creds: AuthenticationCreds, now: number): void {
  db.query(
    `INSERT INTO wa_auth_creds (channel_id, creds, registered, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel_id) DO UPDATE SET creds = excluded.creds, registered = excluded.registered, updated_at = excluded.updated_at`,
  ).run(channelId, encode(creds), isPaired(creds) ? 1 : 0, now);
}

/** The raw key store (no cache), its writes held while messages await their commit. */
export function sqliteKeyStore(db: Db, channelId: number): SignalKeyStore & { held: HeldKeyWrites } {
  const select = db.query<{ value: string }, [number, string, string]>(
    "SELECT value FROM wa_auth_keys WHERE channel_id = ? AND type = ? AND id = ?",
  );
  const upsert = db.query(
    `INSERT INTO wa_auth_keys (channel_id, type, id, value) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel_id, type, id) DO UPDATE SET value = excluded.value`,
  );
  const remove = db.query("DELETE FROM wa_auth_keys WHERE channel_id = ? AND type = ? AND id = ?");
  const held = new HeldKeyWrites((sets) =>
    db
      .transaction(() => {
        for (const data of sets)
          for (const [type, entries] of Object.entries(data))
            for (const [id, value] of Object.entries(entries ?? {})) {
              if (value === null || value === undefined) remove.run(channelId, type, id);
              else upsert.run(channelId, type, id, encode(value));
            }
      })
      .immediate(),
  );
  return {
    held,
    get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        // A write still held (its message not committed yet) is newer than the database.
        const pending = held.read(type, id);
        if (pending === null) continue;
        if (pending !== undefined) {
          out[id] = pending as SignalDataTypeMap[T];
          continue;
        }
        const row = select.get(channelId, type, id);
        if (!row) continue;
        let value = decode<SignalDataTypeMap[T]>(row.value);
        // Baileys expects a proto instance here (its file store does the same conversion).
        if (type === "app-state-sync-key")
          value = proto.Message.AppStateSyncKeyData.fromObject(
            value as object,
          ) as unknown as SignalDataTypeMap[T];
        out[id] = value;
      }
      return out;
    },
    set(data: SignalDataSet) {
      held.set(data);
    },
    clear() {
      held.clear();
      db.query("DELETE FROM wa_auth_keys WHERE channel_id = ?").run(channelId);
    },
  };
}

/**
 * Loads (or creates) a channel's auth state; new creds are written at once so a restart keeps them.
 * `keyCache`: the key cache to use (a session passes its own, shared by its reconnects).
 */
export function loadAuthState(
  db: Db,
  channelId: number,
  clock: Clock,
  logger: BaileysLogger,
  keyCache?: CacheStore,
): SqliteAuthState {
  let creds = readCreds(db, channelId);
  if (!creds) {
    creds = initAuthCreds();
    writeCreds(db, channelId, creds, clock());
  }
  const raw = sqliteKeyStore(db, channelId);
  const keys = makeCacheableSignalKeyStore(raw, logger, keyCache);
  const state: AuthenticationState = { creds, keys };
  return {
    state,
    saveCreds: () => writeCreds(db, channelId, state.creds, clock()),
    holdKeyWrites: (stored) => raw.held.hold(stored),
    dropHeldKeyWrites: () => raw.held.clear(),
  };
}

/** Whether the channel has a linked device's creds (a restart reconnects it without a QR). */
export function hasRegisteredCreds(db: Db, channelId: number): boolean {
  return !!db
    .query<{ r: number }, [number]>(
      "SELECT 1 AS r FROM wa_auth_creds WHERE channel_id = ? AND registered = 1",
    )
    .get(channelId);
}

/** Removes the device identity: creds and every key. The channel must pair again. */
export function wipeAuth(db: Db, channelId: number): void {
  db.transaction(() => {
    db.query("DELETE FROM wa_auth_creds WHERE channel_id = ?").run(channelId);
    db.query("DELETE FROM wa_auth_keys WHERE channel_id = ?").run(channelId);
  }).immediate();
}
