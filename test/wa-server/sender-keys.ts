import { encodeWAMessage, proto, unpadRandomMax16 } from "@whiskeysockets/baileys";
import {
  GroupCipher,
  GroupSessionBuilder,
  SenderKeyDistributionMessage,
  SenderKeyName,
  SenderKeyRecord,
} from "@whiskeysockets/baileys/lib/Signal/Group/index.js";

/**
 * An emulated phone's group keys (Signal's sender keys), with the group cipher Baileys ships: its
 * own chain per group, to encrypt what it writes there once for every member, and the chains the
 * group's other senders shared with it (`senderKeyDistributionMessage`), to read what they write.
 * Senders are named as libsignal addresses ("447700900123.0", "14155550100.2").
 */
export class SenderKeys {
  /** Records as Baileys stores them (JSON), by "group::user::device". */
  private readonly records = new Map<string, string>();

  private readonly store = {
    loadSenderKey: async (name: SenderKeyName) => {
      const stored = this.records.get(name.toString());
      return stored ? SenderKeyRecord.deserialize(Buffer.from(stored)) : new SenderKeyRecord();
    },
    storeSenderKey: async (name: SenderKeyName, record: SenderKeyRecord) => {
      this.records.set(name.toString(), JSON.stringify(record.serialize()));
    },
  };

  /** This phone's message to a group: the skmsg for everyone, and the key to share with new readers. */
  async encrypt(groupJid: string, own: string, message: proto.IMessage) {
    const name = senderKeyName(groupJid, own);
    const distribution = await new GroupSessionBuilder(this.store).create(name);
    const ciphertext = await new GroupCipher(this.store, name).encrypt(encodeWAMessage(message));
    return {
      ciphertext: Buffer.from(ciphertext),
      distribution: {
        groupId: groupJid,
        axolotlSenderKeyDistributionMessage: Buffer.from(distribution.serialize()),
      } satisfies proto.Message.ISenderKeyDistributionMessage,
    };
  }

  /** Takes in a sender's key, as it arrives inside a pairwise message. */
  async receive(sender: string, item: proto.Message.ISenderKeyDistributionMessage): Promise<void> {
    if (!item.groupId || !item.axolotlSenderKeyDistributionMessage) throw new Error("an empty sender key");
    const message = new SenderKeyDistributionMessage(
      null,
      null,
      null,
      null,
      item.axolotlSenderKeyDistributionMessage,
    );
    await new GroupSessionBuilder(this.store).process(senderKeyName(item.groupId, sender), message);
  }

  /** Reads a sender's skmsg; throws when that sender never shared its key with this phone. */
  async decrypt(groupJid: string, sender: string, ciphertext: Uint8Array): Promise<proto.Message> {
    const plain = await new GroupCipher(this.store, senderKeyName(groupJid, sender)).decrypt(ciphertext);
    return proto.Message.decode(unpadRandomMax16(plain));
  }
}

function senderKeyName(groupJid: string, address: string): SenderKeyName {
  const dot = address.lastIndexOf(".");
  return new SenderKeyName(groupJid, { id: address.slice(0, dot), deviceId: Number(address.slice(dot + 1)) });
}
