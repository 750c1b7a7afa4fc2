import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import type { IncomingCall, IncomingMessage } from "../whatsapp/driver.ts";
import { emit } from "./events.ts";
import type { Ingest } from "./ingest.ts";
import { findConversation } from "./conversations-store.ts";
import { linksOf } from "./links.ts";
import { findMessage } from "./store.ts";

/**
 * Calls in the conversation. Pairbox cannot take a call, so a ringing call is stored as one row of
 * the chat (type `call`, its WhatsApp id the call's id, so the offline queue's replay is no second
 * row) saying "Missed voice call"; it becomes "answered on another device" when the phone picked
 * up, or "declined automatically" when the channel rejects calls.
 *
 * A missed call counts as one unread item and reopens a resolved conversation, as a message does:
 * the customer tried to reach the business and someone has to get back to them, which is what the
 * inbox's unread state is for. It never starts the "Incoming WhatsApp" message trigger (workflows
 * have their own "Incoming WhatsApp call" trigger) and never sends `message.inbound`: `call.received`.
 */

export type CallOutcome = "missed" | "answered_elsewhere" | "rejected";
export type CallRow = { message_id: number; video: number; outcome: CallOutcome };

export function callText(video: boolean, outcome: CallOutcome): string {
  const kind = video ? "video call" : "voice call";
  if (outcome === "answered_elsewhere")
    return `${video ? "Video" : "Voice"} call, answered on another device`;
  if (outcome === "rejected") return `${video ? "Video" : "Voice"} call, declined automatically`;
  return `Missed ${kind}`;
}

function callMessage(channelId: number, call: IncomingCall, outcome: CallOutcome): IncomingMessage {
  return {
    channelId,
    waId: call.callId,
    chatJid: call.fromJid,
    kind: "direct",
    direction: "inbound",
    senderPhone: call.fromPhone,
    senderLid: call.fromLid,
    senderName: "",
    peerPhone: call.fromPhone,
    peerLid: call.fromLid,
    text: callText(call.video, outcome),
    type: "call",
    timestamp: call.timestamp,
  };
}

/** A call that rang: its row and `call.received`, in one write. Null: already stored (a replay). */
export function storeCall(
  db: Db,
  ingest: Ingest,
  channelId: number,
  call: IncomingCall,
  outcome: CallOutcome,
): { messageId: number; conversationId: number } | null {
  return write(db, (tx) => {
    const result = ingest.ingest(callMessage(channelId, call, outcome));
    if (!result.stored) return null;
    const row = db
      .query<CallRow, [number, number, string]>(
        "INSERT INTO calls (message_id, video, outcome) VALUES (?, ?, ?) RETURNING *",
      )
      .get(result.messageId, call.video ? 1 : 0, outcome)!;
    const message = findMessage(db, result.messageId);
    const conversation = findConversation(db, result.conversationId);
    if (message && conversation) {
      const stored = { message, conversation, links: linksOf(db, conversation.id), history: false };
      emit(tx, { type: "call.received", stored, call: row });
    }
    return { messageId: result.messageId, conversationId: result.conversationId };
  });
}

/** The phone picked the call up (or the channel declined it): the row says so, live. */
export function setCallOutcome(db: Db, channelId: number, callId: string, outcome: CallOutcome): boolean {
  return write(db, (tx) => {
    const found = db
      .query<{ id: number; conversation_id: number; video: number }, [number, string]>(
        `SELECT m.id, m.conversation_id, c.video FROM messages m JOIN calls c ON c.message_id = m.id
         WHERE m.channel_id = ? AND m.wa_id = ? AND m.type = 'call'`,
      )
      .get(channelId, callId);
    if (!found) return false;
    db.query("UPDATE calls SET outcome = ? WHERE message_id = ?").run(outcome, found.id);
    db.query("UPDATE messages SET text = ? WHERE id = ?").run(callText(!!found.video, outcome), found.id);
    emit(tx, { type: "call.changed", channelId, conversationId: found.conversation_id, messageId: found.id });
    return true;
  });
}

/** What kind of call a `call` row was and how it ended; null for any other row. */
export function findCall(db: Db, messageId: number): CallRow | null {
  return db.query<CallRow, [number]>("SELECT * FROM calls WHERE message_id = ?").get(messageId);
}
