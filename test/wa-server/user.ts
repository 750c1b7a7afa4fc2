import type { proto } from "@whiskeysockets/baileys";
import type { Account } from "./accounts.ts";
import type { Network } from "./network.ts";
import { sendMediaToAccount, type MediaInput } from "./media.ts";
import { scanQr, type PairingTamper } from "./pairing.ts";
import { receiptToAccount, sendToAccount, type StanzaOptions } from "./relay.ts";

/**
 * A person on the emulated network, driven by the test: the linked account's phone (scans QR
 * codes, unlinks devices) or a contact (writes to that account, sends receipts). Both are the same
 * kind of WhatsApp user, so either can do either.
 */
export class WaUser {
  constructor(
    private readonly net: Network,
    readonly account: Account,
  ) {}

  /** "+447700900123". */
  get e164(): string {
    return this.account.e164;
  }

  /** "447700900123@s.whatsapp.net". */
  get jid(): string {
    return this.account.jid;
  }

  get name(): string {
    return this.account.name;
  }

  /** This phone scans the code a client shows; resolves with the new linked device's JID once it is linked. */
  async scanQr(qr: string, opts: { tamper?: PairingTamper } = {}): Promise<string> {
    return (await scanQr(this.net, this.account, qr, opts.tamper)).jid;
  }

  /** JIDs of the devices linked to this account ("447700900001:2@s.whatsapp.net"). */
  linkedDevices(): string[] {
    return [...this.account.companions.values()].map((d) => d.jid);
  }

  /** The phone removes every linked device (Settings → Linked devices → Log out): connected ones hear 401. */
  unlinkAll(): void {
    for (const device of [...this.account.companions.values()]) {
      this.account.unlink(device.id);
      if (device.link) this.net.streamError(device.link, 401);
    }
  }

  /** A text message to `to`'s linked devices; the first from a new contact is a pre-key message. */
  sendText(to: WaUser, text: string, opts: Omit<StanzaOptions, "category"> = {}) {
    return this.sendMessage(to, { conversation: text }, opts);
  }

  /** Any message proto (media, replies, reactions… as later tests need them). */
  sendMessage(to: WaUser, message: proto.IMessage, opts: Omit<StanzaOptions, "category"> = {}) {
    return sendToAccount(this.net, this.account, to.account, message, {
      pushName: this.account.name || undefined,
      ...opts,
    });
  }

  /** A status update (a story) `viewer` sees: sent in the chat status@broadcast, with this person as participant. */
  postStatus(viewer: WaUser, text: string) {
    return this.sendMessage(viewer, { extendedTextMessage: { text } }, { chat: "status@broadcast" });
  }

  /** An image, video, audio, voice note, document or sticker, encrypted onto the media host first. */
  sendMedia(to: WaUser, media: MediaInput, opts: Omit<StanzaOptions, "category" | "type"> = {}) {
    return sendMediaToAccount(this.net, this.account, to.account, media, {
      pushName: this.account.name || undefined,
      ...opts,
    });
  }

  /**
   * This account's phone opens the chat with `contact` and reads these of its messages: WhatsApp
   * tells the linked devices with a read receipt from the account itself, naming the contact.
   */
  readOnPhone(contact: WaUser, ids: string | string[]): void {
    receiptToAccount(
      this.net,
      this.account,
      this.account,
      Array.isArray(ids) ? ids : [ids],
      "read",
      contact.jid,
    );
  }

  /** A delivery (double tick) or read (blue ticks) receipt for messages `to` sent this person. */
  sendReceipt(to: WaUser, ids: string | string[], kind: "delivery" | "read"): void {
    receiptToAccount(this.net, this.account, to.account, Array.isArray(ids) ? ids : [ids], kind);
  }
}
