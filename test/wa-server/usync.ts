import {
  getBinaryNodeChild,
  getBinaryNodeChildren,
  jidEncode,
  type BinaryNode,
} from "@whiskeysockets/baileys";
import type { Account } from "./accounts.ts";
import { IqError, type IqContext } from "./iq.ts";

/**
 * usync: which numbers are on WhatsApp (`contact`) and which devices each account has (`devices`).
 * An account the test created is on WhatsApp; any other number is not. `lid` names the LID of a
 * person who moved to LID addressing (others have none). Simplified: no status, no business info.
 */

function deviceList(account: Account | null): BinaryNode {
  const devices: BinaryNode[] = account
    ? [
        { tag: "device", attrs: { id: "0" } },
        ...[...account.companions.values()].map((d) => ({
          tag: "device",
          attrs: { id: String(d.id), "key-index": String(d.keyIndex) },
        })),
      ]
    : [];
  return { tag: "devices", attrs: {}, content: [{ tag: "device-list", attrs: {}, content: devices }] };
}

/** The user's JID: given, or from the phone number a contact query sends (`<contact>+4477…</contact>`). */
function userJid(user: BinaryNode): string | null {
  if (user.attrs.jid) return user.attrs.jid;
  const phone = getBinaryNodeChild(user, "contact")?.content;
  const digits = (
    typeof phone === "string" ? phone : phone ? Buffer.from(phone as Uint8Array).toString() : ""
  ).replace(/[^\d]/g, "");
  return digits ? jidEncode(digits, "s.whatsapp.net") : null;
}

export function usyncResult(ctx: IqContext): BinaryNode[] {
  const usync = ctx.child;
  const protocols = (getBinaryNodeChild(usync ?? undefined, "query")?.content ?? []) as BinaryNode[];
  const users = getBinaryNodeChildren(getBinaryNodeChild(usync ?? undefined, "list"), "user");
  if (!usync || !Array.isArray(protocols)) throw new IqError(400, "bad-request");
  const list = users.flatMap((user) => {
    const jid = userJid(user);
    if (!jid) return [];
    const account = ctx.net.accounts.byJid(jid);
    const answers = protocols.flatMap((p): BinaryNode[] => {
      if (p.tag === "devices") return [deviceList(account)];
      if (p.tag === "contact") return [{ tag: "contact", attrs: { type: account ? "in" : "out" } }];
      if (p.tag === "lid" && account?.lidJid) return [{ tag: "lid", attrs: { val: account.lidJid } }];
      return [];
    });
    return [{ tag: "user", attrs: { jid }, content: answers }];
  });
  return [
    {
      tag: "usync",
      attrs: { sid: usync.attrs.sid ?? "", index: "0", last: "true" },
      content: [{ tag: "list", attrs: {}, content: list }],
    },
  ];
}
