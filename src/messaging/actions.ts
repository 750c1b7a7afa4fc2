import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { write } from "../db/write.ts";
import type { MessageChange, MessageRef, OutboundPayload } from "../whatsapp/driver.ts";
import { applyMessageChange } from "./message-changes.ts";
import { findMessage } from "./store.ts";
import { recipientOf, type Sender } from "./outbox.ts";
import type { Problem } from "./send.ts";
import type { MessageRow } from "./types.ts";
import {
  actionsToResume,
  claimAction,
  findAction,
  findActionByKey,
  finishAction,
  insertAction,
  type ActionKind,
  type ActionRow,
} from "./actions-store.ts";

/**
 * Our own reactions, edits and deletes for everyone, from the inbox and the API. Like a send, each
 * is stored first (message_actions), then handed to the channel's session in its send queue; the
 * message changes once WhatsApp took it. A key makes a retried request the same action.
 */

/** WhatsApp lets the sender edit a message for 15 minutes after sending it; later edits are refused by the phones. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;
/**
 * Delete for everyone: WhatsApp's limit is "about two days" (60 h on current phones, 48 h on older
 * clients); 48 h is the bound every recipient's phone still honours.
 */
export const DELETE_WINDOW_MS = 48 * 60 * 60 * 1000;

/** The picker's reactions: WhatsApp's own default row. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

/** One emoji (with its modifiers and joiners), or "" to remove ours. */
export function isReaction(value: string): boolean {
  return (
    value === "" ||
    (value.length <= 32 &&
      /^\p{Extended_Pictographic}(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3)*$/u.test(
        value,
      ))
  );
}

export type ActionRequest = {
  message: MessageRow;
  kind: ActionKind;
  /** The emoji ("" removes ours), or the new text. */
  value: string;
  userId: number | null;
  idempotencyKey: string | null;
};

export type ActionOutcome =
  | { ok: true; action: ActionRow; replayed: boolean; dispatched: Promise<ActionRow | null> }
  | Problem;

const refuse = (message: string, error = "not_allowed"): Problem => ({
  ok: false,
  status: 422,
  error,
  message,
});

/** Why WhatsApp would not take this action on this message now, or null. */
export function actionRefusal(m: MessageRow, kind: ActionKind, value: string, now: number): Problem | null {
  if (!m.wa_id) return refuse("This message has not reached WhatsApp yet.");
  if (m.deleted_at !== null) return refuse("This message was deleted.");
  if (m.awaiting_content) return refuse("This message has not arrived yet.");
  if (kind === "react") {
    if (m.direction !== "inbound") return refuse("Reactions are for the customer's messages.");
    if (!isReaction(value))
      return {
        ok: false,
        status: 400,
        error: "invalid_request",
        message: "emoji: one emoji, or empty to remove the reaction.",
      };
    return null;
  }
  if (m.direction !== "outbound") return refuse("Only our own messages can be edited or deleted.");
  if (kind === "edit") {
    if (m.type !== "text") return refuse("Only text messages can be edited.");
    if (value.trim() === "")
      return { ok: false, status: 400, error: "invalid_request", message: "text: write the new text." };
    if (value.length > 65_536)
      return { ok: false, status: 400, error: "invalid_request", message: "text: at most 65536 characters." };
    if (now - m.wa_timestamp > EDIT_WINDOW_MS)
      return refuse(
        "WhatsApp allows editing a message only within 15 minutes of sending it.",
        "edit_window_passed",
      );
    return null;
  }
  if (now - m.wa_timestamp > DELETE_WINDOW_MS)
    return refuse(
      "WhatsApp allows deleting a message for everyone only within about 2 days (48 hours) of sending it.",
      "delete_window_passed",
    );
  return null;
}

function changeOf(a: ActionRow, m: MessageRow, now: number): MessageChange {
  const base = { targetWaId: m.wa_id!, by: "me", byName: "", timestamp: now };
  if (a.kind === "react") return { ...base, kind: "reaction", emoji: a.value };
  if (a.kind === "edit") return { ...base, kind: "edit", text: a.value };
  return { ...base, kind: "revoke" };
}

function payloadOf(a: ActionRow, m: MessageRow): OutboundPayload {
  const target: MessageRef = {
    waId: m.wa_id!,
    fromMe: m.direction === "outbound",
    participantJid: m.participant_jid,
  };
  if (a.kind === "react") return { type: "reaction", target, emoji: a.value };
  if (a.kind === "edit") return { type: "edit", target, text: a.value };
  return { type: "revoke", target };
}

export function createMessageActions(deps: { db: Db; clock: Clock; logger: Logger; sender: () => Sender }) {
  const { db, clock, logger } = deps;

  async function dispatch(actionId: number): Promise<ActionRow | null> {
    const a = findAction(db, actionId);
    const m = a ? findMessage(db, a.message_id) : null;
    if (!a || !m || a.status !== "queued") return a;
    try {
      const to = recipientOf(db, m.conversation_id);
      if (!to) throw new Error("The conversation no longer exists.");
      let claimed = true;
      await deps.sender()(m.channel_id, to, payloadOf(a, m), () => {
        claimed = claimAction(db, a.id);
        if (!claimed) throw new Error("taken");
      });
      return write(db, () => {
        const done = finishAction(db, a.id, null, clock());
        applyMessageChange(db, clock, m.channel_id, null, changeOf(a, m, clock()));
        return done;
      });
    } catch (err) {
      const reason = (err as Error).message || "WhatsApp did not take it.";
      if (reason === "taken") return findAction(db, a.id);
      logger.warn({ actionId, kind: a.kind, reason }, "message action failed");
      return finishAction(db, a.id, reason, clock());
    }
  }

  return {
    /** Checks WhatsApp's rules, stores the action, and hands it over (the promise says how it went). */
    request(r: ActionRequest): ActionOutcome {
      const earlier = r.idempotencyKey ? findActionByKey(db, r.idempotencyKey) : null;
      if (earlier) return { ok: true, action: earlier, replayed: true, dispatched: Promise.resolve(earlier) };
      const refused = actionRefusal(r.message, r.kind, r.value, clock());
      if (refused) return refused;
      let action: ActionRow;
      try {
        action = write(db, () =>
          insertAction(db, {
            messageId: r.message.id,
            kind: r.kind,
            value: r.value,
            userId: r.userId,
            key: r.idempotencyKey,
            now: clock(),
          }),
        );
      } catch (err) {
        // A request with the same key got past the check first: the unique index kept this one out.
        const winner = r.idempotencyKey ? findActionByKey(db, r.idempotencyKey) : null;
        if (winner) return { ok: true, action: winner, replayed: true, dispatched: Promise.resolve(winner) };
        throw err;
      }
      return { ok: true, action, replayed: false, dispatched: dispatch(action.id) };
    },
    dispatch,
    /** At start-up, with the outbox: queued actions go out, interrupted ones are marked failed. */
    async resume(): Promise<void> {
      const queued = write(db, () => actionsToResume(db, clock()));
      await Promise.all(queued.map((a) => dispatch(a.id)));
    },
  };
}

export type MessageActions = ReturnType<typeof createMessageActions>;
