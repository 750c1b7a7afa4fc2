import { S_WHATSAPP_NET, type BinaryNode, type proto } from "@whiskeysockets/baileys";
import type { Account } from "./accounts.ts";
import type { Network } from "./network.ts";
import { sendMediaToAccount, type MediaInput } from "./media.ts";
import { pollUpdateMessage, type PollToVoteIn } from "./polls.ts";
import { registrationForQr, scanQr, type PairingTamper } from "./pairing.ts";
import { demandPasskey, enterPairingCode } from "./pair-code.ts";
import { chatStateTo, ringAccount, type CallOptions, type TypingState } from "./chat.ts";
import {
  newMessageId,
  receiptToAccount,
  sealFromPhone,
  sendFromPhone,
  sendToAccount,
  toDevice,
  type SealedMessage,
  type StanzaOptions,
} from "./relay.ts";

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

  /**
   * This phone scans the code, but WhatsApp demands a passkey for this account before it links
   * anything: the client is sent `passkey_prologue_request` and the linking goes no further.
   */
  scanQrDemandingPasskey(qr: string): void {
    demandPasskey(this.net, registrationForQr(this.net, qr).registration);
  }

  /** This phone types the pairing code a client shows (Link with phone number instead); resolves once linked. */
  async enterPairingCode(code: string): Promise<string> {
    return (await enterPairingCode(this.net, this.account, code.replace(/[\s-]/g, ""))).jid;
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

  /**
   * This phone's owner types a message on the phone itself: its linked devices get a copy
   * (deviceSentMessage) naming the chat. `attrs` set how WhatsApp addresses it, e.g. a chat with a
   * contact known by LID: `{ recipient: "…@lid", addressing_mode: "lid", sender_pn: <own number> }`.
   */
  async typeOnPhone(chatJid: string, text: string, attrs: Record<string, string> = {}): Promise<string> {
    const id = newMessageId();
    const message = { deviceSentMessage: { destinationJid: chatJid, message: { conversation: text } } };
    for (const device of this.account.companions.values())
      await sendFromPhone(this.net, this.account, device, message, {
        id,
        attrs: { recipient: chatJid, ...attrs },
      });
    return id;
  }

  /** A text message to `to`'s linked devices; the first from a new contact is a pre-key message. */
  sendText(to: WaUser, text: string, opts: Omit<StanzaOptions, "category"> = {}) {
    return this.sendMessage(to, { conversation: text }, opts);
  }

  /**
   * A text encrypted now for each of `to`'s linked devices and delivered when `deliver` is called:
   * a benchmark seals its burst beforehand so that only the delivery is timed (Pairbox's work), not
   * the emulator's own Signal encryption. Deliver in the order sealed, as a phone would send them.
   */
  async sealText(to: WaUser, text: string): Promise<{ id: string; deliver(): void }> {
    const id = newMessageId();
    const opts = { id, pushName: this.account.name || undefined };
    const sealed: SealedMessage[] = [];
    for (const device of to.account.companions.values())
      sealed.push(await sealFromPhone(this.net, this.account, device, { conversation: text }, opts));
    return {
      id,
      deliver: () => {
        for (const s of sealed) s.deliver();
      },
    };
  }

  /** Any message proto (media, replies, reactions… as later tests need them). */
  sendMessage(to: WaUser, message: proto.IMessage, opts: Omit<StanzaOptions, "category"> = {}) {
    return sendToAccount(this.net, this.account, to.account, message, {
      pushName: this.account.name || undefined,
      ...opts,
    });
  }

  /** Votes in a poll `to` can see (this person's whole selection now; [] withdraws the vote), encrypted as a phone does. */
  votePoll(to: WaUser, poll: PollToVoteIn, selected: string[], opts: Omit<StanzaOptions, "category"> = {}) {
    return this.sendMessage(to, pollUpdateMessage(poll, this.jid, selected), opts);
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
   * WhatsApp restricts this account from starting new chats until `until` (null: lifted), and says
   * so to its linked devices (a `mex` notification, as WhatsApp Web gets it).
   */
  restrict(until: Date | null): void {
    const lock = until
      ? {
          is_active: true,
          time_enforcement_ends: String(Math.floor(until.getTime() / 1000)),
          enforcement_type: "DEFAULT",
        }
      : { is_active: false };
    const body = JSON.stringify({ data: { xwa2_notify_account_reachout_timelock: lock } });
    const stanza: BinaryNode = {
      tag: "notification",
      attrs: { from: S_WHATSAPP_NET, type: "mex", id: newMessageId(), t: this.net.nowSeconds() },
      content: [
        {
          tag: "update",
          attrs: { op_name: "NotificationUserReachoutTimelockUpdate" },
          content: Buffer.from(body),
        },
      ],
    };
    for (const device of this.account.companions.values()) toDevice(device, stanza);
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

  /** This person calls `to` (voice, or video): it rings, then ends unanswered or after the phone picked up. */
  call(to: WaUser, opts: CallOptions = {}): string {
    return ringAccount(this.net, this.account, to.account, opts);
  }

  /** This person starts typing (or recording a voice note, or stops) in the chat with `to`. */
  typing(to: WaUser, state: TypingState): void {
    chatStateTo(this.net, this.account, to.account, state);
  }

  /** A delivery (double tick) or read (blue ticks) receipt for messages `to` sent this person. */
  sendReceipt(to: WaUser, ids: string | string[], kind: "delivery" | "read"): void {
    receiptToAccount(this.net, this.account, to.account, Array.isArray(ids) ? ids : [ids], kind);
  }
}
