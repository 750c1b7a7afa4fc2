import { proto } from "@whiskeysockets/baileys";
import { testConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/log.ts";
import { createBaileysDriver } from "../../../src/whatsapp/baileys/index.ts";
import type { DriverEvent, DriverSession } from "../../../src/whatsapp/driver.ts";
import type { SocketOptions } from "../../../src/whatsapp/baileys/socket.ts";
import { driverContract, type DriverHarness } from "../contract.ts";
import {
  closeError,
  FakeSocket,
  freshDb,
  makeChannelRow,
  OWN_JID,
  settle,
  SIGNED_ACCOUNT,
  waMessage,
} from "./fixtures.ts";

/** Baileys rotates an unscanned pairing code every 20 s. */
const QR_EVERY_MS = 20_000;

/**
 * The phone and WhatsApp's servers, as the Baileys driver sees them through fake sockets: a socket
 * with saved creds opens, one without shows pairing codes; time moves only when the contract says.
 */
function baileysHarness(): DriverHarness {
  const db = freshDb();
  const channelId = makeChannelRow(db, "+14155550100");
  let now = Date.UTC(2026, 0, 15, 9, 0, 0);
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  let current: FakeSocket | null = null;
  let lastQrAt = 0;
  let qrSeq = 0;

  const showQr = (s: FakeSocket) => {
    qrSeq += 1;
    lastQrAt = now;
    s.emit("connection.update", { qr: `2@pairing-ref-${qrSeq},noise,identity,adv` });
  };

  const driver = createBaileysDriver(
    { db, logger: silentLogger, clock: () => now, config: testConfig(), maxMediaBytes: 100 * 1024 * 1024 },
    {
      socketFactory: (o: SocketOptions) => {
        const s = new FakeSocket(o);
        current = s;
        // A real socket answers after its handshake, never inside the constructor.
        queueMicrotask(() => (o.auth.creds.me ? s.open(OWN_JID) : showQr(s)));
        return s;
      },
      timers: {
        set(fn, ms) {
          const t = { at: now + ms, fn, cancelled: false };
          timers.push(t);
          return () => {
            t.cancelled = true;
          };
        },
      },
      random: () => 0.5,
    },
  );

  const events: DriverEvent[] = [];
  const live = () => {
    if (!current) throw new Error("no socket");
    return current;
  };

  return {
    driver,
    channelId,
    ownPhone: "+14155550100",
    events,
    session: (): DriverSession => driver.createSession(channelId, (e) => void events.push(e)),
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        const due = timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0];
        const nextQr = current && current.ended === 0 && !current.user ? lastQrAt + QR_EVERY_MS : Infinity;
        if (nextQr <= target && (!due || nextQr <= due.at)) {
          now = nextQr;
          showQr(current!);
        } else if (due) {
          now = due.at;
          due.cancelled = true;
          due.fn();
        } else break;
        await settle();
      }
      now = target;
    },
    async pair(_session) {
      // The scan: Baileys stores the new identity, then WhatsApp asks for a fresh connection.
      const s = live();
      s.emit("creds.update", {
        me: { id: OWN_JID, name: "Shop" },
        account: SIGNED_ACCOUNT,
        platform: "smba",
      });
      s.close(closeError(515, "Stream Errored (restart required)"));
      await settle();
    },
    async receiveText({ fromPhone, name, text }) {
      live().emit("messages.upsert", {
        type: "notify",
        messages: [
          waMessage(
            { conversation: text },
            { key: { remoteJid: `${fromPhone.slice(1)}@s.whatsapp.net` }, pushName: name },
          ),
        ],
      });
      await settle();
    },
    async receiveReaction({ fromPhone, name, targetWaId, emoji }) {
      const chat = `${fromPhone.slice(1)}@s.whatsapp.net`;
      live().emit("messages.upsert", {
        type: "notify",
        messages: [
          waMessage(
            { reactionMessage: { key: { id: targetWaId, remoteJid: chat }, text: emoji } },
            { key: { remoteJid: chat }, pushName: name },
          ),
        ],
      });
      await settle();
    },
    async acknowledge(waId, status) {
      const code =
        status === "read" ? proto.WebMessageInfo.Status.READ : proto.WebMessageInfo.Status.DELIVERY_ACK;
      live().emit("messages.update", [
        {
          key: { remoteJid: "447700900123@s.whatsapp.net", fromMe: true, id: waId },
          update: { status: code },
        },
      ]);
      await settle();
    },
    async dropConnection() {
      live().close(closeError(408, "Connection was lost"));
      await settle();
    },
    close: () => db.close(),
  };
}

driverContract("baileys (fake socket)", async () => baileysHarness());
