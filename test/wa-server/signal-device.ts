import { randomInt } from "node:crypto";
import { encodeWAMessage, proto, unpadRandomMax16 } from "@whiskeysockets/baileys";
import { ProtocolAddress, SessionBuilder, SessionCipher, SessionRecord } from "libsignal";
import * as curve from "libsignal/src/curve.js";
import { withKeyType } from "./wire.ts";

/**
 * An emulated device's end of the Signal protocol (a contact's phone, the linked account's own
 * phone), with the same libsignal Baileys ships, keys kept in memory. It encrypts what the device
 * sends to the linked device and decrypts what that device sends back.
 */

type KeyPair = { pubKey: Buffer; privKey: Buffer };
export type EncType = "pkmsg" | "msg";

/** A device's public keys as the server hands them out (`<iq xmlns=encrypt><key>` and the ones Baileys uploads). */
export type PreKeyBundle = {
  registrationId: number;
  /** 32-byte public keys, as on the wire. */
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKey: { keyId: number; publicKey: Buffer } | null;
};

function keyPair(): KeyPair {
  const k = curve.generateKeyPair();
  return { pubKey: Buffer.from(k.pubKey), privKey: Buffer.from(k.privKey) };
}

export class SignalDevice {
  readonly identity = keyPair();
  readonly registrationId = randomInt(1, 16380);
  readonly signedPreKey: { keyId: number; keyPair: KeyPair; signature: Buffer };
  private readonly preKeys = new Map<number, KeyPair>();
  private nextPreKeyId = 1;
  /** Serialized libsignal session records, by peer address as libsignal names it ("447700900001.3"). */
  private readonly sessions = new Map<string, unknown>();

  constructor() {
    const signed = keyPair();
    this.signedPreKey = {
      keyId: 1,
      keyPair: signed,
      signature: Buffer.from(curve.calculateSignature(this.identity.privKey, signed.pubKey)),
    };
  }

  /** The identity key without its type byte (what ADV signatures and the wire carry). */
  get identityKey(): Buffer {
    return this.identity.pubKey.subarray(1);
  }

  /** A bundle with a fresh one-time pre-key, as the server would hand one out and forget it. */
  bundle(): PreKeyBundle {
    const keyId = this.nextPreKeyId++;
    const pair = keyPair();
    this.preKeys.set(keyId, pair);
    return {
      registrationId: this.registrationId,
      identityKey: this.identityKey,
      signedPreKey: {
        keyId: this.signedPreKey.keyId,
        publicKey: this.signedPreKey.keyPair.pubKey.subarray(1),
        signature: this.signedPreKey.signature,
      },
      preKey: { keyId, publicKey: pair.pubKey.subarray(1) },
    };
  }

  /**
   * Encrypts a message for a peer device. Without a session, `bundle` supplies the peer's keys
   * (a pre-key message follows); libsignal keeps sending pre-key messages until the peer answers.
   */
  async encrypt(peer: string, message: proto.IMessage, bundle: () => PreKeyBundle | null) {
    const address = this.address(peer);
    if (!this.sessions.has(peer)) {
      const keys = bundle();
      if (!keys) throw new Error(`no keys to start a Signal session with ${peer}`);
      await new SessionBuilder(this.storage, address).initOutgoing({
        registrationId: keys.registrationId,
        identityKey: withKeyType(keys.identityKey),
        signedPreKey: { ...keys.signedPreKey, publicKey: withKeyType(keys.signedPreKey.publicKey) },
        // libsignal accepts a bundle without a one-time key; its typings do not say so.
        preKey: (keys.preKey
          ? { keyId: keys.preKey.keyId, publicKey: withKeyType(keys.preKey.publicKey) }
          : undefined) as never,
      });
    }
    const { type, body } = await new SessionCipher(this.storage, address).encrypt(encodeWAMessage(message));
    return { type: (type === 3 ? "pkmsg" : "msg") as EncType, ciphertext: Buffer.from(body as never) };
  }

  async decrypt(peer: string, type: EncType, ciphertext: Uint8Array): Promise<proto.Message> {
    const cipher = new SessionCipher(this.storage, this.address(peer));
    const padded =
      type === "pkmsg"
        ? await cipher.decryptPreKeyWhisperMessage(ciphertext)
        : await cipher.decryptWhisperMessage(ciphertext);
    return proto.Message.decode(unpadRandomMax16(padded));
  }

  private address(peer: string): ProtocolAddress {
    const dot = peer.lastIndexOf(".");
    return new ProtocolAddress(peer.slice(0, dot), Number(peer.slice(dot + 1)));
  }

  private readonly storage = {
    loadSession: async (id: string) => {
      const stored = this.sessions.get(id);
      return stored ? SessionRecord.deserialize(stored as never) : undefined;
    },
    storeSession: async (id: string, record: SessionRecord) => {
      this.sessions.set(id, record.serialize());
    },
    isTrustedIdentity: () => true,
    loadPreKey: async (id: number | string) => {
      const pair = this.preKeys.get(Number(id));
      return pair ? { privKey: pair.privKey, pubKey: pair.pubKey } : undefined;
    },
    removePreKey: (id: number) => {
      this.preKeys.delete(Number(id));
    },
    loadSignedPreKey: () => this.signedPreKey.keyPair,
    getOurRegistrationId: () => this.registrationId,
    getOurIdentity: () => this.identity,
  };
}
