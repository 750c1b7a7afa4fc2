import { jidDecode, jidEncode, type BinaryNode } from "@whiskeysockets/baileys";
import type { ClientConnection } from "./connection.ts";
import { SenderKeys } from "./sender-keys.ts";
import { SignalDevice, type PreKeyBundle } from "./signal-device.ts";

/**
 * The emulated phone network: WhatsApp accounts by number, each with its phone (device 0, a
 * SignalDevice the emulator drives) and the linked devices that paired with it (Baileys clients,
 * known to the server only by the keys they registered and uploaded).
 */

/** What a linked device told the server about itself: at pairing, then by uploading pre-keys. */
export type CompanionKeys = {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  /** One-time pre-keys still on the server, by id; each is handed out once. */
  preKeys: Map<number, Buffer>;
};

export type CompanionDevice = {
  account: Account;
  id: number;
  jid: string;
  keyIndex: number;
  /** The client's Noise static key: at login it must be the one that paired. */
  noiseKey: Buffer;
  keys: CompanionKeys;
  /** Logged in right now through this connection, or offline. */
  link: ClientConnection | null;
  /** Stanzas kept for its next login (WhatsApp's offline queue). */
  offline: BinaryNode[];
  /**
   * Messages handed over on its connection and not answered yet with a receipt or an ack, by id:
   * WhatsApp delivers those again at the next login, as it does for a device that died meanwhile.
   */
  unanswered: Map<string, BinaryNode>;
  /** The phone has not sent its first history sync yet (done after the first login). */
  historyPending: boolean;
};

export class Account {
  readonly user: string;
  readonly jid: string;
  /** The phone itself: device 0. */
  readonly phone = new SignalDevice();
  /** The phone's group keys: its own chain per group, and those other members shared with it. */
  readonly senderKeys = new SenderKeys();
  readonly companions = new Map<number, CompanionDevice>();
  /**
   * The LID this person moved to ("55512312312345@lid"), or null: addressed by phone number. A LID
   * contact writes from its LID (its number in `sender_pn`), usync answers its LID, and WhatsApp
   * refuses (463) a message addressed to its number.
   */
  lidJid: string | null = null;
  private nextDeviceId = 2;

  constructor(
    readonly e164: string,
    public name: string,
  ) {
    this.user = e164.replace(/^\+/, "");
    this.jid = jidEncode(this.user, "s.whatsapp.net");
  }

  /** Signal's name for the phone: "447700900001.0". */
  get phoneAddress(): string {
    return `${this.user}.0`;
  }

  /** A new device number: each linked device gets the next one, never reused. */
  nextDevice(): number {
    return this.nextDeviceId++;
  }

  link(noiseKey: Buffer, keys: CompanionKeys, id = this.nextDevice()): CompanionDevice {
    const device: CompanionDevice = {
      account: this,
      id,
      jid: jidEncode(this.user, "s.whatsapp.net", id),
      keyIndex: id,
      noiseKey,
      keys,
      link: null,
      offline: [],
      unanswered: new Map(),
      historyPending: true,
    };
    this.companions.set(id, device);
    return device;
  }

  unlink(deviceId: number): CompanionDevice | null {
    const device = this.companions.get(deviceId) ?? null;
    this.companions.delete(deviceId);
    return device;
  }
}

export class Accounts {
  private readonly byUser = new Map<string, Account>();
  private readonly byLidUser = new Map<string, Account>();

  /** The account for a number ("+447700900123"), created the first time it is named. */
  get(e164: string, name = ""): Account {
    if (!/^\+\d{6,15}$/.test(e164)) throw new Error(`not an E.164 number: ${e164}`);
    const user = e164.slice(1);
    let account = this.byUser.get(user);
    if (!account) {
      account = new Account(e164, name);
      this.byUser.set(user, account);
    } else if (name) account.name = name;
    return account;
  }

  /** The person moves to LID addressing: from now on named and reached by this LID. */
  moveToLid(account: Account, lidJid: string): void {
    const user = jidDecode(lidJid)?.user;
    if (!user || !lidJid.endsWith("@lid")) throw new Error(`not a LID: ${lidJid}`);
    account.lidJid = `${user}@lid`;
    this.byLidUser.set(user, account);
  }

  /** The account behind a phone or LID JID ("447700900123@s.whatsapp.net", with or without a device part). */
  byJid(jid: string): Account | null {
    const decoded = jidDecode(jid);
    if (decoded?.server === "lid") return this.byLidUser.get(decoded.user) ?? null;
    return decoded?.server === "s.whatsapp.net" ? (this.byUser.get(decoded.user) ?? null) : null;
  }

  byUsername(username: string): Account | null {
    return this.byUser.get(username) ?? null;
  }

  /** A device by JID: the phone (device 0) or a linked device. */
  device(jid: string): { account: Account; companion: CompanionDevice | null } | null {
    const account = this.byJid(jid);
    if (!account) return null;
    const deviceId = jidDecode(jid)?.device ?? 0;
    if (deviceId === 0) return { account, companion: null };
    const companion = account.companions.get(deviceId);
    return companion ? { account, companion } : null;
  }
}

/** A linked device's bundle, taking one of its one-time pre-keys off the server (as WhatsApp does). */
export function takeCompanionBundle(device: CompanionDevice): PreKeyBundle {
  const next = device.keys.preKeys.entries().next();
  let preKey: PreKeyBundle["preKey"] = null;
  if (!next.done) {
    const [keyId, publicKey] = next.value;
    device.keys.preKeys.delete(keyId);
    preKey = { keyId, publicKey };
  }
  return {
    registrationId: device.keys.registrationId,
    identityKey: device.keys.identityKey,
    signedPreKey: device.keys.signedPreKey,
    preKey,
  };
}
