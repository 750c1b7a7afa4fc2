import { randomBytes } from "node:crypto";
import { type proto, S_WHATSAPP_NET } from "@whiskeysockets/baileys";
import * as curve from "libsignal/src/curve.js";
import type { ClientConnection } from "./connection.ts";
import { sendHistoryBootstrap } from "./history.ts";
import type { Network } from "./network.ts";
import { sendAwaitingAnswer } from "./relay.ts";
import type { ClientHello } from "./noise.ts";
import { readUInt, withKeyType } from "./wire.ts";

/**
 * What the server does once a client finished the handshake: a new client registers and is sent
 * pairing refs (its QR codes); a linked one logs in with its number and device, and the server
 * checks it is the same Noise key that paired, then says `<success>`.
 */

/** Refs per pairing: Baileys shows one per QR code (the first for 60 s, then 20 s each). */
const QR_REFS = 6;

export async function handleHello(net: Network, conn: ClientConnection, hello: ClientHello): Promise<void> {
  const { payload } = hello;
  if (payload.username) return login(net, conn, hello);
  if (payload.devicePairingData) return register(net, conn, hello);
  refuse(net, conn, 400, "the client neither logged in nor asked to pair");
}

function refuse(net: Network, conn: ClientConnection, reason: number, why: string): void {
  net.log.push({ type: "login-refused", conn: conn.id, reason: why });
  conn.send({ tag: "failure", attrs: { reason: String(reason), location: "emulator" } });
  conn.close();
}

function login(net: Network, conn: ClientConnection, { noiseKey, payload }: ClientHello): void {
  const account = net.accounts.byUsername(String(payload.username));
  const device = account?.companions.get(payload.device ?? -1);
  // WhatsApp knows a linked device by the Noise key it paired with: anything else is not that device.
  if (!device?.noiseKey.equals(noiseKey)) {
    refuse(net, conn, 401, `no linked device ${payload.username}:${payload.device} with this key`);
    return;
  }
  const previous = device.link;
  device.link = conn;
  conn.device = device;
  if (previous && previous !== conn) net.streamError(previous, 440);
  conn.send({
    tag: "success",
    attrs: { t: net.nowSeconds(), location: "emulator", creation: net.nowSeconds() },
  });
  net.log.push({ type: "login", conn: conn.id, jid: device.jid });
}

function register(net: Network, conn: ClientConnection, { noiseKey, payload }: ClientHello): void {
  const pairing = payload.devicePairingData as proto.ClientPayload.IDevicePairingRegistrationData;
  const identityKey = Buffer.from(pairing.eIdent ?? []);
  const signedPreKey = {
    keyId: readUInt(pairing.eSkeyId),
    publicKey: Buffer.from(pairing.eSkeyVal ?? []),
    signature: Buffer.from(pairing.eSkeySig ?? []),
  };
  if (
    identityKey.length !== 32 ||
    signedPreKey.signature.length !== 64 ||
    !curve.verifySignature(
      withKeyType(identityKey),
      withKeyType(signedPreKey.publicKey),
      signedPreKey.signature,
    )
  ) {
    refuse(net, conn, 400, "the registration's signed pre-key is not signed by its identity");
    return;
  }
  const refs = Array.from({ length: QR_REFS }, () => `2@${randomBytes(24).toString("base64")}`);
  net.registrations.set(conn.id, {
    conn,
    noiseKey,
    refs,
    keys: { registrationId: readUInt(pairing.eRegid), identityKey, signedPreKey, preKeys: new Map() },
  });
  net.log.push({ type: "registration", conn: conn.id });
  void conn
    .query({
      tag: "iq",
      attrs: { from: S_WHATSAPP_NET, type: "set", xmlns: "md" },
      content: [
        {
          tag: "pair-device",
          attrs: {},
          content: refs.map((ref) => ({ tag: "ref", attrs: {}, content: Buffer.from(ref) })),
        },
      ],
    })
    .then(
      () => net.log.push({ type: "qr-refs", conn: conn.id, refs }),
      () => {},
    );
}

/**
 * After the client's `passive` → `active`: the offline queue (each stanza marked offline), the
 * `<ib><offline count>` that ends it, and, on a device's first login, the phone's history sync.
 */
export async function deliverOffline(net: Network, conn: ClientConnection): Promise<void> {
  const device = conn.device;
  if (!device || conn.closed) return;
  const queued = device.offline.splice(0);
  for (const stanza of queued)
    sendAwaitingAnswer(device, conn, { ...stanza, attrs: { ...stanza.attrs, offline: "1" } });
  conn.send({
    tag: "ib",
    attrs: { from: S_WHATSAPP_NET },
    content: [{ tag: "offline", attrs: { count: String(queued.length) } }],
  });
  net.log.push({ type: "offline-delivered", jid: device.jid, count: queued.length });
  if (device.historyPending) {
    device.historyPending = false;
    await sendHistoryBootstrap(net, device);
  }
}
