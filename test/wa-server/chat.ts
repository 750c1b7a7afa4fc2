import { randomBytes } from "node:crypto";
import type { BinaryNode } from "@whiskeysockets/baileys";
import type { Account } from "./accounts.ts";
import type { ClientConnection } from "./connection.ts";
import type { Network } from "./network.ts";
import { toDevice } from "./relay.ts";

/**
 * Calls and typing between a contact and the linked account, both ways. A call arrives at the
 * linked devices as `<call>` stanzas, one per stage (offer, then accept when the phone picks up,
 * then terminate), as Baileys' handleCall reads them; typing as `<chatstate>`. What the linked
 * device sends back (a declined call, its own typing, a presence subscription) is logged for the test.
 */

export type CallOptions = { video?: boolean; answeredElsewhere?: boolean };

function callStanza(net: Network, caller: Account, callId: string, child: BinaryNode): BinaryNode {
  const from = caller.lidJid ?? caller.jid;
  return {
    tag: "call",
    attrs: { from, id: randomBytes(8).toString("hex").toUpperCase(), t: net.nowSeconds() },
    content: [
      {
        ...child,
        attrs: {
          "call-id": callId,
          "call-creator": from,
          ...(caller.lidJid ? { caller_pn: caller.jid } : {}),
          ...child.attrs,
        },
      },
    ],
  };
}

/** `caller` rings `to`: an offer (with `<video/>` for a video call), the phone's accept if asked, and the end. */
export function ringAccount(net: Network, caller: Account, to: Account, opts: CallOptions = {}): string {
  const callId = randomBytes(16).toString("hex").toUpperCase();
  const offer: BinaryNode = {
    tag: "offer",
    attrs: {},
    content: [
      { tag: "audio", attrs: { enc: "opus", rate: "16000" } },
      ...(opts.video ? [{ tag: "video", attrs: { enc: "vp8" } }] : []),
    ],
  };
  const stages: BinaryNode[] = [
    offer,
    ...(opts.answeredElsewhere ? [{ tag: "accept", attrs: {} }] : []),
    { tag: "terminate", attrs: { reason: opts.answeredElsewhere ? "hangup" : "timeout" } },
  ];
  for (const stage of stages)
    for (const device of to.companions.values()) toDevice(device, callStanza(net, caller, callId, stage));
  return callId;
}

export type TypingState = "composing" | "recording" | "paused";

/** `from` types (or records a voice note, or stops) in the chat with `to`. */
export function chatStateTo(net: Network, from: Account, to: Account, state: TypingState): void {
  const child: BinaryNode =
    state === "paused"
      ? { tag: "paused", attrs: {} }
      : { tag: "composing", attrs: state === "recording" ? { media: "audio" } : {} };
  const stanza: BinaryNode = { tag: "chatstate", attrs: { from: from.lidJid ?? from.jid }, content: [child] };
  for (const device of to.companions.values()) toDevice(device, stanza);
  void net;
}

/**
 * A linked device's `<call>` (declining a call), `<chatstate>` (its typing) or `<presence>` (a
 * subscription, or available/unavailable): logged; a call is acked by id, as Baileys' query waits.
 */
export function recordClientChat(net: Network, conn: ClientConnection, node: BinaryNode): boolean {
  const child = Array.isArray(node.content) ? node.content[0] : undefined;
  if (node.tag === "call") {
    net.log.push({
      type: "call-declined",
      callId: child?.attrs["call-id"] ?? "",
      to: node.attrs.to ?? "",
      stage: child?.tag ?? "",
    });
    conn.send({ tag: "ack", attrs: { id: node.attrs.id ?? "", class: "call", from: node.attrs.to ?? "" } });
    return true;
  }
  if (node.tag === "chatstate") {
    const state =
      child?.tag === "composing" && child.attrs.media === "audio" ? "recording" : (child?.tag ?? "");
    net.log.push({ type: "chatstate", to: node.attrs.to ?? "", state, from: conn.device?.jid ?? "" });
    return true;
  }
  if (node.tag === "presence") {
    net.log.push({ type: "presence", to: node.attrs.to ?? "", presence: node.attrs.type ?? "" });
    return true;
  }
  return false;
}
