import { randomInt } from "node:crypto";
import {
  Curve,
  getBinaryNodeChild,
  hmacSign,
  proto,
  S_WHATSAPP_NET,
  WA_ADV_ACCOUNT_SIG_PREFIX,
  WA_ADV_DEVICE_SIG_PREFIX,
} from "@whiskeysockets/baileys";
import type { Account, CompanionDevice } from "./accounts.ts";
import type { Network, Registration } from "./network.ts";

/**
 * The phone scanning a QR code: it reads the client's keys from the code, signs a device identity
 * for it (HMAC with the code's ADV secret, the account signature over the details), and the server
 * sends it as `pair-success`. The client answers with its own device signature, the server checks
 * it, links the device and asks the client to restart (stream error 515), as WhatsApp does.
 */

export type QrCode = {
  ref: string;
  noiseKey: Buffer;
  identityKey: Buffer;
  advSecret: Buffer;
  platform: string;
};

/** What a dishonest phone (or a forged pairing) gets wrong, to prove the client refuses it. */
export type PairingTamper = "account-signature" | "hmac";

/** "https://wa.me/settings/linked_devices#ref,noise,identity,adv,platform" (or the bare list). */
export function parseQr(qr: string): QrCode {
  const list = qr.includes("#") ? qr.slice(qr.indexOf("#") + 1) : qr;
  const [ref, noise, identity, adv, platform = ""] = list.split(",");
  if (!ref || !noise || !identity || !adv) throw new Error(`not a WhatsApp pairing code: ${qr.slice(0, 60)}`);
  return {
    ref,
    noiseKey: Buffer.from(noise, "base64"),
    identityKey: Buffer.from(identity, "base64"),
    advSecret: Buffer.from(adv, "base64"),
    platform,
  };
}

function signedIdentity(
  account: Account,
  companionIdentity: Buffer,
  keyIndex: number,
  tamper?: PairingTamper,
) {
  const details = proto.ADVDeviceIdentity.encode({
    rawId: randomInt(1, 2 ** 31),
    timestamp: Math.floor(Date.now() / 1000),
    keyIndex,
  }).finish();
  const signer =
    tamper === "account-signature" ? Curve.generateKeyPair().private : account.phone.identity.privKey;
  const accountSignature = Curve.sign(
    signer,
    Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, details, companionIdentity]),
  );
  return {
    details: Buffer.from(details),
    bytes: proto.ADVSignedDeviceIdentity.encode({
      details,
      accountSignatureKey: account.phone.identityKey,
      accountSignature,
    }).finish(),
  };
}

export async function scanQr(
  net: Network,
  account: Account,
  qr: string,
  tamper?: PairingTamper,
): Promise<CompanionDevice> {
  const { registration, code } = registrationForQr(net, qr);
  return completePairing(net, account, registration, code.advSecret, tamper);
}

/** The pairing client showing this QR code, checked against the keys the code carries. */
export function registrationForQr(net: Network, qr: string): { registration: Registration; code: QrCode } {
  const code = parseQr(qr);
  const registration = [...net.registrations.values()].find((r) => r.refs.includes(code.ref));
  if (!registration) throw new Error("no client is showing this QR code (expired, or never issued here)");
  if (!registration.noiseKey.equals(code.noiseKey) || !registration.keys.identityKey.equals(code.identityKey))
    throw new Error("the QR code's keys are not those of the client that showed it");
  return { registration, code };
}

/**
 * The phone said yes (a scanned QR code, or a typed pairing code): the server sends the signed
 * device identity as `pair-success`, checks the client's own signature in its answer, links the
 * device and restarts the stream. `advSecret` is the secret both sides hold (in the QR, or derived
 * from the pairing-code exchange) that authenticates the identity.
 */
export async function completePairing(
  net: Network,
  account: Account,
  registration: Registration,
  advSecret: Buffer,
  tamper?: PairingTamper,
): Promise<CompanionDevice> {
  const { conn, keys } = registration;
  const deviceId = account.nextDevice();
  const identity = signedIdentity(account, keys.identityKey, deviceId, tamper);
  const hmac = hmacSign(identity.bytes, tamper === "hmac" ? Buffer.alloc(32, 1) : advSecret);
  const answer = await conn.query({
    tag: "iq",
    attrs: { from: S_WHATSAPP_NET, type: "set", xmlns: "md", t: net.nowSeconds() },
    content: [
      {
        tag: "pair-success",
        attrs: {},
        content: [
          {
            tag: "device-identity",
            attrs: {},
            content: proto.ADVSignedDeviceIdentityHMAC.encode({ details: identity.bytes, hmac }).finish(),
          },
          { tag: "platform", attrs: { name: "android" } },
          { tag: "device", attrs: { jid: `${account.user}:${deviceId}@s.whatsapp.net` } },
        ],
      },
    ],
  });
  const signedByClient = getBinaryNodeChild(
    getBinaryNodeChild(answer, "pair-device-sign"),
    "device-identity",
  );
  if (!(signedByClient?.content instanceof Uint8Array))
    throw new Error(`the client did not sign the device identity (answered ${answer.attrs.type})`);
  const signed = proto.ADVSignedDeviceIdentity.decode(signedByClient.content);
  const deviceMessage = Buffer.concat([
    WA_ADV_DEVICE_SIG_PREFIX,
    identity.details,
    keys.identityKey,
    account.phone.identityKey,
  ]);
  if (!signed.deviceSignature || !Curve.verify(keys.identityKey, deviceMessage, signed.deviceSignature))
    throw new Error("the client's device signature does not verify");
  const device = account.link(registration.noiseKey, keys, deviceId);
  net.registrations.delete(conn.id);
  net.log.push({ type: "paired", jid: device.jid });
  net.streamError(conn, 515);
  return device;
}
