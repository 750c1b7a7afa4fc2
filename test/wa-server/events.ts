import type { BinaryNode, proto } from "@whiskeysockets/baileys";
import type { OutboundMedia } from "./media.ts";

/**
 * Everything the emulator saw or did, in order: tests wait on it and assert on it, and a timeout
 * prints its tail, so a failing test says how far the client got.
 */

/** A message the linked device (Baileys) sent, decrypted per recipient device. */
export type OutboundMessage = {
  id: string;
  /** The stanza's `to`: the chat (a contact's JID). */
  to: string;
  /** Who sent it: the linked device's JID ("447700900001:2@s.whatsapp.net"). */
  from: string;
  /** Each `<to>` copy, decrypted by the device it was for. */
  copies: { jid: string; encType: string; message: proto.IMessage }[];
  /** A group message as each member's phone read it (the one skmsg); empty for a 1:1 message. */
  members: { jid: string; encType: string; message: proto.IMessage }[];
  /** The copy for the contact, or for a group its first member's (null if none could be decrypted). */
  message: proto.IMessage | null;
  /** The copy for the sender's own phone: a deviceSentMessage naming the chat. */
  deviceSent: proto.Message.IDeviceSentMessage | null;
  /** The text of the contact's copy (conversation or extended text). */
  text: string | null;
  /** The file the contact's copy names, fetched from the media host and decrypted (null: no media). */
  media: OutboundMedia | null;
  stanza: BinaryNode;
  /** The error code the server's ack refused it with ("463"), or null: accepted and delivered. */
  refused: string | null;
};

/** A receipt the linked device sent (for a message the emulator delivered). */
export type ClientReceipt = { id: string; ids: string[]; to: string; type: string | null; from: string };

export type WaEvent =
  | { type: "connection"; conn: number }
  | { type: "handshake-failed"; conn: number; reason: string }
  | { type: "registration"; conn: number }
  | { type: "qr-refs"; conn: number; refs: string[] }
  | { type: "paired"; jid: string }
  | { type: "login"; conn: number; jid: string }
  | { type: "login-refused"; conn: number; reason: string }
  | { type: "offline-delivered"; jid: string; count: number }
  | { type: "stream-error"; conn: number; code: number }
  /** `established`: whether the Noise handshake had finished (a refused certificate never gets there). */
  | { type: "closed"; conn: number; jid: string | null; established: boolean }
  /** Something the emulator could not handle: a test should never see one. */
  | { type: "error"; conn: number; reason: string }
  | { type: "delivered"; id: string; from: string; to: string; encType: string; offline: boolean }
  | { type: "outbound"; message: OutboundMessage }
  | { type: "receipt"; receipt: ClientReceipt }
  | { type: "ack"; attrs: Record<string, string> }
  | { type: "iq"; conn: number; xmlns: string; child: string; iqType: string; handled: boolean }
  /** A request to the media host and its answer (0: held unanswered by a stall). */
  | { type: "media"; action: "upload" | "download"; path: string; status: number }
  /** A linked device asked the phone for expired media again, and what the phone answered. */
  | { type: "media-retry"; id: string; result: "reuploaded" | "not-found" | "ignored" }
  /** A linked device declined a call (`stage` is its child: "reject"). */
  | { type: "call-declined"; callId: string; to: string; stage: string }
  /** A linked device's typing in a chat: "composing", "recording" or "paused". */
  | { type: "chatstate"; to: string; state: string; from: string }
  /** A linked device's presence: "subscribe" (to a contact), "available", "unavailable". */
  | { type: "presence"; to: string; presence: string }
  /** The server sent a notification the client must answer with something it may not have (a passkey). */
  | { type: "notification-sent"; conn: number; notification: string }
  /** A pairing-code registration step: the client's hello, the phone's code, the client's finish. */
  | { type: "pairing-code"; conn: number; stage: "companion_hello" | "primary_hello" | "companion_finish" };

export type WaitOptions = { timeoutMs?: number; what?: string };

const DEFAULT_WAIT_MS = 10_000;

function describe(e: WaEvent): string {
  const { type, ...rest } = e;
  if (type === "outbound") return `outbound ${e.message.id} to ${e.message.to}: ${e.message.text}`;
  return `${type} ${JSON.stringify(rest).slice(0, 160)}`;
}

export class EventLog {
  readonly events: WaEvent[] = [];
  private readonly listeners = new Set<(e: WaEvent) => void>();

  push(e: WaEvent): void {
    this.events.push(e);
    for (const l of [...this.listeners]) l(e);
  }

  /** Calls `fn` with every event from now on, as it happens; returns a way to stop. */
  subscribe(fn: (e: WaEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The first event (already seen or still to come) the predicate picks; rejects after a timeout. */
  waitFor<T>(pick: (e: WaEvent) => T | null | undefined | false, opts: WaitOptions = {}): Promise<T> {
    for (const e of this.events) {
      const hit = pick(e);
      if (hit) return Promise.resolve(hit);
    }
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<T>((resolve, reject) => {
      const listener = (e: WaEvent) => {
        const hit = pick(e);
        if (!hit) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const tail = this.events.slice(-12).map(describe).join("\n  ");
        reject(
          new Error(
            `emulator: no ${opts.what ?? "matching event"} within ${timeoutMs} ms; last events:\n  ${tail}`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  outbound(): OutboundMessage[] {
    return this.events.flatMap((e) => (e.type === "outbound" ? [e.message] : []));
  }

  receipts(): ClientReceipt[] {
    return this.events.flatMap((e) => (e.type === "receipt" ? [e.receipt] : []));
  }
}
