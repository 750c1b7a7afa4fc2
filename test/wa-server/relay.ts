import { randomBytes } from "node:crypto";
import {
  getBinaryNodeChild,
  getBinaryNodeChildren,
  jidDecode,
  type BinaryNode,
  type proto,
} from "@whiskeysockets/baileys";
import { takeCompanionBundle, type Account, type CompanionDevice } from "./accounts.ts";
import type { ClientConnection } from "./connection.ts";
import type { OutboundMessage } from "./events.ts";
import type { Network } from "./network.ts";
import { readGroupSend } from "./groups.ts";
import type { EncType } from "./signal-device.ts";

/**
 * Messages between the emulated phones and the linked devices: a phone's message is encrypted
 * once per linked device of the recipient (delivered now, or queued for its next login); what a
 * linked device sends is decrypted by each emulated device it names, recorded, and acknowledged.
 */

export type StanzaOptions = {
  id?: string;
  /** `text` or `media` (WhatsApp's stanza type). */
  type?: string;
  /** The sender's push name (`notify`). */
  pushName?: string;
  /** `peer` for the phone's own protocol messages (history sync). */
  category?: string;
  /** More stanza attributes, as WhatsApp adds them (`recipient`, `addressing_mode`, `sender_pn`…). */
  attrs?: Record<string, string>;
  /** The chat when it is not the sender (status@broadcast): the sender is then its participant. */
  chat?: string;
  /**
   * Bytes no device can decrypt in place of the ciphertext (the sender's ratchet is not used): the
   * linked device keeps a CIPHERTEXT placeholder and asks for the message again (a retry receipt).
   */
  garble?: boolean;
};

/** A message id in WhatsApp's phone style: 3EB0 and 18 hex digits. */
export const newMessageId = () => `3EB0${randomBytes(9).toString("hex").toUpperCase()}`;

/** Signal's name for a linked device: "447700900001.2". */
export const addressOf = (device: CompanionDevice) => `${device.account.user}.${device.id}`;

/** Hands a stanza to a linked device now, or keeps it for its next login. */
export function toDevice(device: CompanionDevice, stanza: BinaryNode): boolean {
  if (device.link && !device.link.closed) {
    sendAwaitingAnswer(device, device.link, stanza);
    return true;
  }
  device.offline.push(stanza);
  return false;
}

/** Who a stanza is from: a person who moved to LID addressing writes from the LID, its number beside it. */
function senderAttrs(sender: Account): Record<string, string> {
  return sender.lidJid ? { from: sender.lidJid, sender_pn: sender.jid } : { from: sender.jid };
}

/** Sends a stanza on the device's connection; a message stays unanswered until its receipt or ack. */
export function sendAwaitingAnswer(
  device: CompanionDevice,
  conn: ClientConnection,
  stanza: BinaryNode,
): void {
  if (stanza.tag === "message" && stanza.attrs.id) device.unanswered.set(stanza.attrs.id, stanza);
  conn.send(stanza);
}

/** The device's connection went: what it never answered waits for its next login, first in line. */
export function requeueUnanswered(device: CompanionDevice): void {
  if (!device.unanswered.size) return;
  device.offline.unshift(...device.unanswered.values());
  device.unanswered.clear();
}

/** One phone's message to one linked device (a contact writing, or the device's own phone). */
export async function sendFromPhone(
  net: Network,
  sender: Account,
  device: CompanionDevice,
  message: proto.IMessage,
  opts: StanzaOptions = {},
): Promise<{ id: string; encType: EncType }> {
  const sealed = await sealFromPhone(net, sender, device, message, opts);
  sealed.deliver();
  return { id: sealed.id, encType: sealed.encType };
}

/**
 * A phone's message encrypted for one linked device, handed over only when `deliver` is called:
 * what a benchmark encrypts beforehand so that the emulator's Signal work is not timed with Pairbox's.
 */
export type SealedMessage = { id: string; encType: EncType; deliver(): void };

export async function sealFromPhone(
  net: Network,
  sender: Account,
  device: CompanionDevice,
  message: proto.IMessage,
  opts: StanzaOptions = {},
): Promise<SealedMessage> {
  const id = opts.id ?? newMessageId();
  const enc: { type: EncType; ciphertext: Uint8Array } = opts.garble
    ? { type: "msg", ciphertext: randomBytes(64) }
    : await sender.phone.encrypt(addressOf(device), message, () => takeCompanionBundle(device));
  const stanza: BinaryNode = {
    tag: "message",
    attrs: {
      ...(opts.chat ? { from: opts.chat, participant: sender.jid } : senderAttrs(sender)),
      id,
      t: net.nowSeconds(),
      type: opts.type ?? "text",
      ...(opts.pushName ? { notify: opts.pushName } : {}),
      ...(opts.category ? { category: opts.category } : {}),
      ...opts.attrs,
    },
    content: [{ tag: "enc", attrs: { v: "2", type: enc.type }, content: enc.ciphertext }],
  };
  const deliver = () => {
    const online = toDevice(device, stanza);
    net.log.push({
      type: "delivered",
      id,
      from: sender.jid,
      to: device.jid,
      encType: enc.type,
      offline: !online,
    });
  };
  return { id, encType: enc.type, deliver };
}

/** A contact's message to an account: one copy for each of its linked devices, under one id. */
export async function sendToAccount(
  net: Network,
  sender: Account,
  to: Account,
  message: proto.IMessage,
  opts: StanzaOptions = {},
): Promise<{ id: string; encTypes: EncType[] }> {
  const id = opts.id ?? newMessageId();
  const encTypes: EncType[] = [];
  for (const device of to.companions.values())
    encTypes.push((await sendFromPhone(net, sender, device, message, { ...opts, id })).encType);
  return { id, encTypes };
}

/**
 * A contact's delivery or read receipt for messages a linked device of `to` sent. With `recipient`
 * the account's own phone says it read messages from that contact (sender and `to` are the same).
 */
export function receiptToAccount(
  net: Network,
  sender: Account,
  to: Account,
  ids: string[],
  kind: "delivery" | "read",
  recipient?: string,
): void {
  const [first, ...rest] = ids;
  if (!first) throw new Error("a receipt needs at least one message id");
  const stanza: BinaryNode = {
    tag: "receipt",
    attrs: {
      ...senderAttrs(sender),
      id: first,
      t: net.nowSeconds(),
      ...(kind === "read" ? { type: "read" } : {}),
      ...(recipient ? { recipient } : {}),
    },
    ...(rest.length
      ? {
          content: [{ tag: "list", attrs: {}, content: rest.map((id) => ({ tag: "item", attrs: { id } })) }],
        }
      : {}),
  };
  for (const device of to.companions.values()) toDevice(device, stanza);
}

function textOf(message: proto.IMessage | null | undefined): string | null {
  return message?.conversation ?? message?.extendedTextMessage?.text ?? null;
}

/** A `<message>` from a linked device: every copy an emulated device can read, then the server's ack. */
export async function relayOutbound(net: Network, conn: ClientConnection, node: BinaryNode): Promise<void> {
  const sender = conn.device;
  if (!sender) {
    net.log.push({ type: "error", conn: conn.id, reason: "a message from a client that is not logged in" });
    return;
  }
  const copies: OutboundMessage["copies"] = [];
  const participants = getBinaryNodeChild(node, "participants");
  for (const to of getBinaryNodeChildren(participants, "to")) {
    const enc = getBinaryNodeChild(to, "enc");
    const jid = to.attrs.jid ?? "";
    const target = net.accounts.device(jid);
    // Copies for other linked devices are Baileys' own business: only emulated phones read theirs.
    if (!target || target.companion || !(enc?.content instanceof Uint8Array)) continue;
    const encType = (enc.attrs.type ?? "") as EncType;
    try {
      const message = await target.account.phone.decrypt(addressOf(sender), encType, enc.content);
      copies.push({ jid, encType, message });
    } catch (err) {
      net.log.push({ type: "error", conn: conn.id, reason: `could not decrypt the copy for ${jid}: ${err}` });
    }
  }
  const group = net.groups.get(node.attrs.to ?? "");
  const skmsg = getBinaryNodeChildren(node, "enc").find((e) => e.attrs.type === "skmsg")?.content;
  const members = group
    ? await readGroupSend(
        net,
        group,
        addressOf(sender),
        copies,
        skmsg instanceof Uint8Array ? skmsg : null,
        (reason) => net.log.push({ type: "error", conn: conn.id, reason }),
      )
    : [];
  const own = sender.account.user;
  const read = group ? members : copies;
  const forContact = read.find((c) => jidDecode(c.jid)?.user !== own) ?? null;
  const forPhone = group ? null : (copies.find((c) => jidDecode(c.jid)?.user === own) ?? null);
  const record: OutboundMessage = {
    id: node.attrs.id ?? "",
    to: node.attrs.to ?? "",
    from: sender.jid,
    copies,
    members,
    message: forContact?.message ?? null,
    deviceSent: forPhone?.message.deviceSentMessage ?? null,
    text: textOf(forContact?.message),
    media: net.media.openOutbound(forContact?.message ?? null, (reason) =>
      net.log.push({ type: "error", conn: conn.id, reason }),
    ),
    stanza: node,
    // A test may have the server refuse it after all (463 restricted, 479 stale devices…), in the ack.
    // A person who moved to LID addressing is no longer reached by number: WhatsApp answers 463.
    refused: net.ackErrors.shift() ?? (movedToLid(net, node.attrs.to ?? "") ? "463" : null),
  };
  const error = record.refused;
  conn.send({
    tag: "ack",
    attrs: {
      class: "message",
      id: record.id,
      from: record.to,
      t: net.nowSeconds(),
      ...(error ? { error } : {}),
    },
  });
  net.log.push({ type: "outbound", message: record });
}

/** A 1:1 send addressed to the phone number of someone WhatsApp now reaches by LID only. */
function movedToLid(net: Network, to: string): boolean {
  return jidDecode(to)?.server === "s.whatsapp.net" && !!net.accounts.byJid(to)?.lidJid;
}

/** A receipt a linked device sends for a message it got: recorded, then acknowledged. */
export function recordClientReceipt(net: Network, conn: ClientConnection, node: BinaryNode): void {
  const id = node.attrs.id ?? "";
  const list = getBinaryNodeChild(node, "list");
  const more = getBinaryNodeChildren(list, "item").map((i) => i.attrs.id ?? "");
  for (const answered of [id, ...more]) conn.device?.unanswered.delete(answered);
  net.log.push({
    type: "receipt",
    receipt: {
      id,
      ids: [id, ...more],
      to: node.attrs.to ?? "",
      type: node.attrs.type ?? null,
      from: conn.device?.jid ?? "",
    },
  });
  conn.send({
    tag: "ack",
    attrs: {
      class: "receipt",
      id,
      from: node.attrs.to ?? "",
      ...(node.attrs.type ? { type: node.attrs.type } : {}),
    },
  });
}
