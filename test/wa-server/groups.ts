import { randomInt } from "node:crypto";
import { jidDecode, type BinaryNode, type proto } from "@whiskeysockets/baileys";
import { takeCompanionBundle, type Account } from "./accounts.ts";
import { IqError, type IqContext, type IqRouter } from "./iq.ts";
import type { Network } from "./network.ts";
import { addressOf, newMessageId, toDevice, type StanzaOptions } from "./relay.ts";
import { node } from "./wire.ts";

/**
 * Groups on the emulated network: members write once with their sender key (`skmsg`), and each
 * linked device gets that key first inside a pairwise message, as WhatsApp does; the server
 * describes a group (`w:g2` query) with its subject and members, addressed by phone number
 * (`addressing_mode` pn: the emulator has no LIDs). Receipts from members name the member.
 */

export type EmulatedGroup = {
  jid: string;
  subject: string;
  creator: Account;
  members: Account[];
  creation: number;
  /** "member user>linked device JID": the device already holds that member's sender key. */
  sharedKeys: Set<string>;
};

export class Groups {
  private readonly byJid = new Map<string, EmulatedGroup>();

  create(subject: string, members: Account[], nowSeconds: number): EmulatedGroup {
    const creator = members[0];
    if (!creator) throw new Error("a group needs members");
    const jid = `120363${String(randomInt(1e11, 1e12 - 1))}@g.us`;
    const group = { jid, subject, creator, members, creation: nowSeconds, sharedKeys: new Set<string>() };
    this.byJid.set(jid, group);
    return group;
  }

  get(jid: string): EmulatedGroup | null {
    return this.byJid.get(jid) ?? null;
  }
}

function metadata(ctx: IqContext): BinaryNode[] {
  const group = ctx.net.groups.get(ctx.node.attrs.to ?? "");
  if (!group) throw new IqError(404, "item-not-found");
  const participants = group.members.map((m) =>
    node("participant", undefined, { jid: m.jid, ...(m === group.creator ? { type: "superadmin" } : {}) }),
  );
  return [
    node("group", participants, {
      id: jidDecode(group.jid)?.user ?? "",
      subject: group.subject,
      s_t: String(group.creation),
      s_o: group.creator.jid,
      creation: String(group.creation),
      creator: group.creator.jid,
      size: String(group.members.length),
      addressing_mode: "pn",
    }),
  ];
}

export function installGroupIqs(iq: IqRouter): void {
  iq.on("w:g2", "query", metadata);
}

/** A member's message to the group, delivered to every linked device of the other members. */
export async function sendToGroup(
  net: Network,
  group: EmulatedGroup,
  sender: Account,
  message: proto.IMessage,
  opts: StanzaOptions = {},
): Promise<{ id: string; encTypes: string[] }> {
  if (!group.members.includes(sender)) throw new Error(`${sender.e164} is not in ${group.subject}`);
  const id = opts.id ?? newMessageId();
  const sealed = await sender.senderKeys.encrypt(group.jid, `${sender.user}.0`, message);
  const encTypes: string[] = [];
  for (const member of group.members) {
    if (member === sender) continue;
    for (const device of member.companions.values()) {
      const content: BinaryNode[] = [];
      const shareKey = `${sender.user}>${device.jid}`;
      if (!group.sharedKeys.has(shareKey)) {
        const pairwise = await sender.phone.encrypt(
          addressOf(device),
          { senderKeyDistributionMessage: sealed.distribution },
          () => takeCompanionBundle(device),
        );
        content.push(node("enc", pairwise.ciphertext, { v: "2", type: pairwise.type }));
        encTypes.push(pairwise.type);
        group.sharedKeys.add(shareKey);
      }
      content.push(node("enc", sealed.ciphertext, { v: "2", type: "skmsg" }));
      encTypes.push("skmsg");
      const stanza = node("message", content, {
        from: group.jid,
        participant: sender.jid,
        id,
        t: net.nowSeconds(),
        type: opts.type ?? "text",
        ...(opts.pushName ? { notify: opts.pushName } : {}),
      });
      const online = toDevice(device, stanza);
      net.log.push({
        type: "delivered",
        id,
        from: sender.jid,
        to: device.jid,
        encType: "skmsg",
        offline: !online,
      });
    }
  }
  return { id, encTypes };
}

/**
 * What a linked device's group message says to each member's phone: sender keys from the pairwise
 * copies are taken in first, then every member reads the one skmsg.
 */
export async function readGroupSend(
  net: Network,
  group: EmulatedGroup,
  senderAddress: string,
  copies: { jid: string; message: proto.IMessage }[],
  skmsg: Uint8Array | null,
  fail: (reason: string) => void,
): Promise<{ jid: string; encType: string; message: proto.IMessage }[]> {
  for (const copy of copies) {
    const item = copy.message.senderKeyDistributionMessage;
    const account = net.accounts.device(copy.jid)?.account;
    if (item && account) await account.senderKeys.receive(senderAddress, item);
  }
  if (!skmsg) {
    fail(`a group message to ${group.jid} without an skmsg`);
    return [];
  }
  const read: { jid: string; encType: string; message: proto.IMessage }[] = [];
  // The sender's own phone is a member like any other: it reads the message too.
  for (const member of group.members) {
    try {
      const message = await member.senderKeys.decrypt(group.jid, senderAddress, skmsg);
      read.push({ jid: member.jid, encType: "skmsg", message });
    } catch (err) {
      fail(`${member.e164} could not read the group message: ${err}`);
    }
  }
  return read;
}

/** A member's delivery or read receipt for a group message a linked device of `to` sent. */
export function groupReceipt(
  net: Network,
  group: EmulatedGroup,
  member: Account,
  to: Account,
  ids: string[],
  kind: "delivery" | "read",
): void {
  const [first, ...rest] = ids;
  if (!first) throw new Error("a receipt needs at least one message id");
  const stanza = node(
    "receipt",
    rest.length
      ? [
          node(
            "list",
            rest.map((id) => node("item", undefined, { id })),
          ),
        ]
      : undefined,
    {
      from: group.jid,
      participant: member.jid,
      id: first,
      t: net.nowSeconds(),
      ...(kind === "read" ? { type: "read" } : {}),
    },
  );
  for (const device of to.companions.values()) toDevice(device, stanza);
}
