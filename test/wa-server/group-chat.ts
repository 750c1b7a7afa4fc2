import type { Network } from "./network.ts";
import { groupReceipt, sendToGroup, type EmulatedGroup } from "./groups.ts";
import type { proto } from "@whiskeysockets/baileys";
import { pollUpdateMessage, type PollToVoteIn } from "./polls.ts";
import type { StanzaOptions } from "./relay.ts";
import type { WaUser } from "./user.ts";

/** A group as a test drives it: its members write to it and send receipts for what was sent there. */
export class WaGroup {
  constructor(
    private readonly net: Network,
    readonly group: EmulatedGroup,
  ) {}

  /** "120363…@g.us". */
  get jid(): string {
    return this.group.jid;
  }

  get subject(): string {
    return this.group.subject;
  }

  /** A member writes to the group: every other member's linked devices get it. */
  sendText(from: WaUser, text: string, opts: Omit<StanzaOptions, "category"> = {}) {
    return this.sendMessage(from, { conversation: text }, opts);
  }

  /** Any message proto a member sends to the group (a reaction, an edit, a delete for everyone…). */
  sendMessage(from: WaUser, message: proto.IMessage, opts: Omit<StanzaOptions, "category"> = {}) {
    return sendToGroup(this.net, this.group, from.account, message, {
      pushName: from.name || undefined,
      ...opts,
    });
  }

  /** A member votes in a poll of this group, sealed as a phone does (their whole selection now). */
  votePoll(from: WaUser, poll: PollToVoteIn, selected: string[]) {
    return this.sendMessage(from, pollUpdateMessage(poll, from.jid, selected));
  }

  /** A member's delivery or read receipt for group messages that `sender`'s linked device sent. */
  sendReceipt(member: WaUser, sender: WaUser, ids: string | string[], kind: "delivery" | "read"): void {
    groupReceipt(
      this.net,
      this.group,
      member.account,
      sender.account,
      Array.isArray(ids) ? ids : [ids],
      kind,
    );
  }
}
