import { describe, expect, test } from "bun:test";
import { initAuthCreds, proto } from "@whiskeysockets/baileys";
import { silentLogger } from "../../../src/log.ts";
import {
  hasRegisteredCreds,
  isPaired,
  loadAuthState,
  sqliteKeyStore,
} from "../../../src/whatsapp/baileys/auth-store.ts";
import { rememberGroup, rememberLid, storeRawMessage } from "../../../src/whatsapp/baileys/cache-store.ts";
import { freshDb, makeChannelRow, makeDriverFixture, SIGNED_ACCOUNT, waMessage } from "./fixtures.ts";

const clock = () => 1_800_000_000_000;

const count = (db: ReturnType<typeof freshDb>, table: string, channelId: number) =>
  (db.query(`SELECT count(*) AS n FROM ${table} WHERE channel_id = ?`).get(channelId) as { n: number }).n;

describe("auth state in SQLite", () => {
  test("creds and keys of every type survive a round trip, Buffers included", async () => {
    const db = freshDb();
    const channelId = makeChannelRow(db);
    const { state, saveCreds } = loadAuthState(db, channelId, clock, silentLogger);
    state.creds.registered = true;
    state.creds.me = { id: "14155550100:7@s.whatsapp.net", name: "Shop" };
    saveCreds();
    const store = sqliteKeyStore(db, channelId);
    const preKey = { public: new Uint8Array([1, 2, 3]), private: new Uint8Array([4, 5, 6]) };
    const appKey = proto.Message.AppStateSyncKeyData.fromObject({
      keyData: new Uint8Array([9, 9]),
      timestamp: 5,
    });
    await store.set({
      "pre-key": { "1": preKey },
      session: { "447700900123.0": new Uint8Array([7, 7, 7]) },
      "app-state-sync-key": { AAAA: appKey },
      "lid-mapping": { "447700900123": "11122233344455" },
      "device-list": { "447700900123": ["0", "2"] },
    });

    const again = loadAuthState(db, channelId, clock, silentLogger);
    expect(again.state.creds.registered).toBe(true);
    expect(again.state.creds.me?.id).toBe("14155550100:7@s.whatsapp.net");
    expect(
      Buffer.from(again.state.creds.noiseKey.private).equals(Buffer.from(state.creds.noiseKey.private)),
    ).toBe(true);
    expect(again.state.creds.advSecretKey).toBe(state.creds.advSecretKey);

    const fresh = sqliteKeyStore(db, channelId);
    const pk = (await fresh.get("pre-key", ["1", "2"]))["1"]!;
    expect([...pk.public]).toEqual([1, 2, 3]);
    expect([...pk.private]).toEqual([4, 5, 6]);
    expect((await fresh.get("pre-key", ["2"]))["2"]).toBeUndefined();
    expect([...(await fresh.get("session", ["447700900123.0"]))["447700900123.0"]!]).toEqual([7, 7, 7]);
    const app = (await fresh.get("app-state-sync-key", ["AAAA"])).AAAA!;
    expect(app).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect([...app.keyData!]).toEqual([9, 9]);
    expect((await fresh.get("lid-mapping", ["447700900123"]))["447700900123"]).toBe("11122233344455");
    expect((await fresh.get("device-list", ["447700900123"]))["447700900123"]).toEqual(["0", "2"]);

    await fresh.set({ "pre-key": { "1": null } });
    expect((await fresh.get("pre-key", ["1"]))["1"]).toBeUndefined();
  });

  test("the cached store reads and writes through to SQLite", async () => {
    const db = freshDb();
    const channelId = makeChannelRow(db);
    const { state } = loadAuthState(db, channelId, clock, silentLogger);
    await state.keys.set({ "sender-key": { "group::447700900123": new Uint8Array([3]) } });
    expect([
      ...(await sqliteKeyStore(db, channelId).get("sender-key", ["group::447700900123"]))[
        "group::447700900123"
      ]!,
    ]).toEqual([3]);
  });

  test("channels do not see each other's keys", async () => {
    const db = freshDb();
    const a = makeChannelRow(db, "+14155550100");
    const b = makeChannelRow(db, "+14155550101");
    await sqliteKeyStore(db, a).set({ session: { s: new Uint8Array([1]) } });
    expect(await sqliteKeyStore(db, b).get("session", ["s"])).toEqual({});
  });

  test("a new driver over the same database keeps the channel paired, with the same creds", async () => {
    const first = makeDriverFixture();
    await first.session.start();
    const creds = first.sock.options.auth.creds;
    first.sock.emit("creds.update", { me: { id: "14155550100:7@s.whatsapp.net" }, account: SIGNED_ACCOUNT });
    await first.session.stop();

    const second = makeDriverFixture({}, first.db);
    expect(second.driver.hasCredentials(first.channelId)).toBe(true);
    await second.session.start();
    const reloaded = second.sock.options.auth.creds;
    expect(reloaded.me?.id).toBe("14155550100:7@s.whatsapp.net");
    expect(
      Buffer.from(reloaded.signedIdentityKey.public).equals(Buffer.from(creds.signedIdentityKey.public)),
    ).toBe(true);
    expect(reloaded.registrationId).toBe(creds.registrationId);
  });

  test("fresh creds are not a pairing; a QR scan (account) or a pairing code (registered) is", () => {
    const db = freshDb();
    const channelId = makeChannelRow(db);
    const { state, saveCreds } = loadAuthState(db, channelId, clock, silentLogger);
    expect(hasRegisteredCreds(db, channelId)).toBe(false);
    state.creds.me = { id: "14155550100:7@s.whatsapp.net" };
    state.creds.account = SIGNED_ACCOUNT;
    saveCreds();
    expect(hasRegisteredCreds(db, channelId)).toBe(true);
    const code = { ...initAuthCreds(), registered: true };
    expect(isPaired(code)).toBe(true);
    expect(isPaired(initAuthCreds())).toBe(false);
  });

  test("asking for a pairing code sets `me` before any phone entered it: that is not a pairing", () => {
    const db = freshDb();
    const channelId = makeChannelRow(db);
    const { state, saveCreds } = loadAuthState(db, channelId, clock, silentLogger);
    // What Baileys' requestPairingCode writes at once (Socket/socket.js), long before the phone answers.
    state.creds.me = { id: "14155550100@s.whatsapp.net", name: "~" };
    state.creds.pairingCode = "ABCD1234";
    saveCreds();
    expect(isPaired(state.creds)).toBe(false);
    expect(hasRegisteredCreds(db, channelId)).toBe(false);
  });

  test("forget removes the channel's keys, creds, LID map, group cache and raw messages, and nothing of others", async () => {
    const f = makeDriverFixture();
    const other = makeChannelRow(f.db, "+14155550199");
    for (const id of [f.channelId, other]) {
      const { state, saveCreds } = loadAuthState(f.db, id, clock, silentLogger);
      state.creds.registered = true;
      saveCreds();
      await sqliteKeyStore(f.db, id).set({ session: { s: new Uint8Array([1]) } });
      rememberLid(f.db, id, "111@lid", "+447700900123", 1);
      rememberGroup(f.db, id, "1203@g.us", "Team", 3, 1);
      storeRawMessage(f.db, id, waMessage({ conversation: "x" }), 1);
    }
    f.driver.forget(f.channelId);
    for (const table of ["wa_auth_creds", "wa_auth_keys", "wa_lid_map", "wa_groups", "wa_raw_messages"]) {
      expect(count(f.db, table, f.channelId)).toBe(0);
      expect(count(f.db, table, other)).toBe(1);
    }
    expect(f.driver.hasCredentials(f.channelId)).toBe(false);
    expect(f.driver.hasCredentials(other)).toBe(true);
  });
});
