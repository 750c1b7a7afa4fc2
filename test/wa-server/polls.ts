import { createCipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { proto } from "@whiskeysockets/baileys";

/**
 * Poll votes as a phone sends them: the selection (SHA-256 of each chosen option's name) is
 * encrypted with AES-256-GCM under a key derived from the poll's messageSecret, the poll's id and
 * both JIDs, the derivation WhatsApp uses (and Baileys' decryptPollVote undoes), with node crypto.
 */

export type PollToVoteIn = {
  /** The poll message's id. */
  id: string;
  /** Who created the poll (the JID its votes are bound to) and the chat as the voter sees it. */
  creatorJid: string;
  chatJid: string;
  /** The voter created it (a vote in one's own poll): fromMe in the key. */
  fromMe?: boolean;
  secret: Uint8Array;
};

export function encryptPollVote(
  poll: PollToVoteIn,
  voterJid: string,
  selected: string[],
): { encPayload: Uint8Array; encIv: Uint8Array } {
  const sign = Buffer.concat([
    Buffer.from(poll.id),
    Buffer.from(poll.creatorJid),
    Buffer.from(voterJid),
    Buffer.from("Poll Vote"),
    new Uint8Array([1]),
  ]);
  const key0 = createHmac("sha256", new Uint8Array(32)).update(poll.secret).digest();
  const key = createHmac("sha256", key0).update(sign).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${poll.id}\u0000${voterJid}`));
  const plain = proto.Message.PollVoteMessage.encode({
    selectedOptions: selected.map((o) => createHash("sha256").update(o).digest()),
  }).finish();
  const encPayload = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { encPayload, encIv: iv };
}

/** The pollUpdateMessage a voter's phone sends for its whole current selection. */
export function pollUpdateMessage(poll: PollToVoteIn, voterJid: string, selected: string[]): proto.IMessage {
  return {
    pollUpdateMessage: {
      pollCreationMessageKey: { remoteJid: poll.chatJid, fromMe: !!poll.fromMe, id: poll.id },
      vote: encryptPollVote(poll, voterJid, selected),
      senderTimestampMs: Date.now(),
    },
  };
}
