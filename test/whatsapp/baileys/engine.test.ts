import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testConfig } from "../../../src/config.ts";
import { createEngine } from "../../../src/channels/engine.ts";
import { silentLogger } from "../../../src/log.ts";
import { createMediaStore } from "../../../src/whatsapp/media-store.ts";
import { createBaileysDriver } from "../../../src/whatsapp/baileys/index.ts";
import { FakeSocket, freshDb, makeChannelRow, settle, StepTimers, waMessage } from "./fixtures.ts";

/**
 * The Baileys driver under the real session manager: what a fabricated WhatsApp event becomes in the
 * database. Only the socket is fake.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function baileysEngine(download?: () => Promise<AsyncIterable<Uint8Array>>) {
  const db = freshDb();
  const dir = mkdtempSync(join(tmpdir(), "pairbox-baileys-engine-"));
  dirs.push(dir);
  const sockets: FakeSocket[] = [];
  const now = Date.UTC(2026, 0, 15, 9, 0, 0);
  const core = {
    db,
    config: testConfig({ whatsappDriver: "baileys", sendSpacingMs: 0 }),
    logger: silentLogger,
    clock: () => now,
  };
  const driver = createBaileysDriver(
    { ...core, maxMediaBytes: core.config.maxUploadBytes },
    {
      socketFactory: (o) => {
        sockets.push(new FakeSocket(o));
        return sockets.at(-1)!;
      },
      timers: new StepTimers(),
      random: () => 0.5,
      download: download as never,
    },
  );
  const { sessions } = createEngine(core, { media: createMediaStore(dir), driver, link: () => [] });
  const channelId = makeChannelRow(db);
  return {
    db,
    sessions,
    channelId,
    get sock() {
      return sockets.at(-1)!;
    },
    row: <T>(sql: string, ...params: (string | number)[]) =>
      db.query<T, (string | number)[]>(sql).get(...params),
  };
}

describe("Baileys driver under the session manager", () => {
  test("pairing, then an inbound image: channel connected, message stored, media streamed into the store", async () => {
    const e = baileysEngine(async () =>
      (async function* () {
        yield new TextEncoder().encode("fake jpeg bytes");
      })(),
    );
    await e.sessions.start(e.channelId);
    e.sock.emit("connection.update", { qr: "2@code" });
    await settle();
    expect(
      e.row<{ status: string; qr: string }>("SELECT status, qr FROM channels WHERE id = ?", e.channelId),
    ).toMatchObject({ status: "pending", qr: "2@code" });

    e.sock.open();
    await settle();
    expect(
      e.row<{ status: string; wa_jid: string }>(
        "SELECT status, wa_jid FROM channels WHERE id = ?",
        e.channelId,
      ),
    ).toMatchObject({ status: "connected", wa_jid: "14155550100@s.whatsapp.net" });

    e.sock.emit("messages.upsert", {
      type: "notify",
      messages: [
        waMessage(
          {
            imageMessage: {
              url: "https://mmg.whatsapp.net/x",
              mimetype: "image/jpeg",
              caption: "The crack",
              fileLength: 15,
            },
          },
          { pushName: "Ann" },
        ),
      ],
    });
    await settle();
    await e.sessions.idle();
    const m = e.row<Record<string, unknown>>(
      "SELECT type, text, sender_phone, sender_name, media_mime, media_status, media_size FROM messages",
    );
    expect(m).toEqual({
      type: "image",
      text: "The crack",
      sender_phone: "+447700900123",
      sender_name: "Ann",
      media_mime: "image/jpeg",
      media_status: "stored",
      media_size: 15,
    });
  });

  test("a phone of another number that scans is logged out and its keys wiped; the channel says why", async () => {
    const e = baileysEngine();
    await e.sessions.start(e.channelId);
    e.sock.emit("connection.update", { qr: "2@code" });
    e.sock.emit("creds.update", { me: { id: "447700900999:7@s.whatsapp.net", name: "Stranger" } });
    const sock = e.sock;
    sock.open("447700900999:7@s.whatsapp.net");
    await settle();
    await e.sessions.idle();
    expect(
      e.row<{ status: string; status_reason: string }>(
        "SELECT status, status_reason FROM channels WHERE id = ?",
        e.channelId,
      ),
    ).toEqual({
      status: "error",
      status_reason: "Paired with +447700900999, but this channel is +14155550100",
    });
    expect(sock.loggedOut).toBe(1);
    expect(e.row("SELECT 1 FROM wa_auth_creds WHERE channel_id = ?", e.channelId)).toBeNull();
  });

  test("a LID sender is kept under the LID, then gets its phone when WhatsApp tells the mapping", async () => {
    const e = baileysEngine();
    await e.sessions.start(e.channelId);
    e.sock.open();
    e.sock.emit("messages.upsert", {
      type: "notify",
      messages: [waMessage({ conversation: "hello" }, { key: { remoteJid: "55566677788899@lid" } })],
    });
    await settle();
    expect(e.row<Record<string, unknown>>("SELECT peer_phone, peer_lid FROM conversations")).toEqual({
      peer_phone: null,
      peer_lid: "55566677788899@lid",
    });
    e.sock.emit("lid-mapping.update", { lid: "55566677788899@lid", pn: "447700900999@s.whatsapp.net" });
    await settle();
    expect(e.row<Record<string, unknown>>("SELECT peer_phone, peer_lid FROM conversations")).toEqual({
      peer_phone: "+447700900999",
      peer_lid: "55566677788899@lid",
    });
  });

  test("a later pair from WhatsApp that contradicts a stored one moves the LID's messages to the right number", async () => {
    const e = baileysEngine();
    await e.sessions.start(e.channelId);
    e.sock.open();
    const lid = "55566677788899@lid";
    e.sock.emit("messages.upsert", {
      type: "notify",
      messages: [
        waMessage({ conversation: "Ann here" }, { key: { remoteJid: "447700900999@s.whatsapp.net" } }),
        waMessage({ conversation: "Bob here" }, { key: { remoteJid: lid } }),
      ],
    });
    await settle();
    // A wrong pair merges Bob's LID into Ann's conversation…
    e.sock.emit("lid-mapping.update", { lid, pn: "447700900999@s.whatsapp.net" });
    await settle();
    expect(e.row<{ n: number }>("SELECT count(*) AS n FROM conversations")).toEqual({ n: 1 });
    // …until WhatsApp's own LID store names Bob's number: his message follows it.
    e.sock.emit("lid-mapping.update", { lid, pn: "447700900888@s.whatsapp.net" });
    await settle();
    const byPhone = e.db
      .query<{ peer_phone: string; peer_lid: string | null; texts: string }, []>(
        `SELECT c.peer_phone, c.peer_lid, group_concat(m.text || ':' || coalesce(m.sender_phone, '-')) AS texts
         FROM conversations c JOIN messages m ON m.conversation_id = c.id GROUP BY c.id ORDER BY c.peer_phone`,
      )
      .all();
    expect(byPhone).toEqual([
      { peer_phone: "+447700900888", peer_lid: lid, texts: "Bob here:+447700900888" },
      { peer_phone: "+447700900999", peer_lid: null, texts: "Ann here:+447700900999" },
    ]);
  });

  test("no network: the channel shows the DNS message as its error", async () => {
    const e = baileysEngine();
    await e.sessions.start(e.channelId);
    e.sock.close(
      Object.assign(new Error("WebSocket Error (getaddrinfo ENOTFOUND web.whatsapp.com)"), {
        output: { statusCode: 408 },
      }),
    );
    await settle();
    expect(
      e.row<Record<string, unknown>>("SELECT status, status_reason FROM channels WHERE id = ?", e.channelId),
    ).toEqual({
      status: "error",
      status_reason: "Cannot reach WhatsApp: DNS lookup failed for web.whatsapp.com",
    });
    await e.sessions.stopAll();
  });
});
