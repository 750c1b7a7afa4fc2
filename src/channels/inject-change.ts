import type { FieldErrors } from "../ui/components/form.tsx";
import type { InjectChangeInput, SimulatorControls } from "../whatsapp/driver.ts";
import { isReaction } from "../messaging/actions.ts";
import { latestInChat } from "../messaging/changes-store.ts";
import type { Db } from "../db/open.ts";
import { jidForPhone } from "../phone.ts";
import type { InjectFormValues, InjectRequest } from "./inject.ts";

/**
 * The demo inject form's other kinds: a customer's reaction, edit or delete for everyone. The message
 * it is about is a WhatsApp id, or (blank) the newest one that fits in this chat: for a reaction the
 * newest message in it, for an edit or a delete the customer's own newest message.
 */

export const INJECT_KINDS = {
  message: "A new message",
  reaction: "A reaction to a message",
  edit: "An edit of the customer's message",
  revoke: "A delete for everyone of the customer's message",
} as const;
export type InjectKind = keyof typeof INJECT_KINDS;

export function injectKind(value: string): InjectKind {
  return value in INJECT_KINDS ? (value as InjectKind) : "message";
}

/** Checks the fields a change needs; `fromPhone` and `name` were validated with the rest of the form. */
export function parseInjectChange(
  db: Db,
  channelId: number,
  values: InjectFormValues,
  from: { fromPhone: string; name: string },
): { ok: true; input: InjectChangeInput } | { ok: false; errors: FieldErrors } {
  const change = injectKind(values.kind);
  if (change === "message") return { ok: false, errors: { kind: "Pick what arrives." } };
  if (change === "reaction" && (values.emoji === "" ? false : !isReaction(values.emoji)))
    return { ok: false, errors: { emoji: "One emoji, or leave it empty to take the reaction back." } };
  if (change === "edit" && values.text === "") return { ok: false, errors: { text: "Write the new text." } };
  if (values.target !== "" && !/^[A-Za-z0-9]{6,64}$/.test(values.target))
    return { ok: false, errors: { target: "A WhatsApp message id is letters and digits (e.g. 3A5F…)." } };
  const chat = jidForPhone(from.fromPhone);
  const target =
    values.target || latestInChat(db, channelId, chat, change === "reaction" ? null : "inbound")?.wa_id;
  if (!target) return { ok: false, errors: { target: "This chat has no message that fits yet." } };
  return {
    ok: true,
    input: {
      ...from,
      targetWaId: target,
      change,
      value: change === "reaction" ? values.emoji : change === "edit" ? values.text : "",
    },
  };
}

/**
 * Hands the parsed form to the simulator: a change, or a message (quoting the chat's newest one when
 * asked). Resolves with field errors when a change's fields do not hold.
 */
export async function deliverInjected(
  db: Db,
  simulator: Pick<SimulatorControls, "inject" | "injectChange">,
  channelId: number,
  values: InjectFormValues,
  input: InjectRequest,
): Promise<FieldErrors | null> {
  if (injectKind(values.kind) !== "message") {
    const change = parseInjectChange(db, channelId, values, input);
    if (!change.ok) return change.errors;
    await simulator.injectChange(channelId, change.input);
    return null;
  }
  const chat = input.groupJid ?? jidForPhone(input.fromPhone);
  const quotedWaId = input.quoteLatest ? (latestInChat(db, channelId, chat, null)?.wa_id ?? null) : null;
  await simulator.inject(channelId, { ...input, quotedWaId });
  return null;
}
