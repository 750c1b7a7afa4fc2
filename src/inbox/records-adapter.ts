import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import type { ChannelAccessRow } from "../channels/access.ts";
import type { ConversationRow } from "./types.ts";
import type { LinkedRecordView } from "../../views/inbox/conversation.tsx";
import type { MediaStore } from "../services.ts";
import type { UploadedFile } from "./compose-routes.tsx";

/** The records a conversation is linked to, as the inbox header shows them. */
export function conversationRecords(_db: Db, _conversationId: number): LinkedRecordView[] {
  return [];
}

/** The first linked record's name per conversation, for the list. */
export function recordNames(_db: Db, _conversationIds: number[]): Map<number, string> {
  return new Map();
}

/** Variables a template sees: the customer (first linked record), the agent and the channel. */
export function templateVariables(db: Db, conversation: ConversationRow, channel: ChannelAccessRow, user: CurrentUser): Record<string, unknown> {
  const record = conversationRecords(db, conversation.id)[0];
  const name = record?.name ?? conversation.title ?? "";
  const [first = "", ...rest] = name.split(/\s+/);
  return {
    contact: { name, first_name: first, last_name: rest.join(" "), phone: conversation.peer_phone ?? "", email: "" },
    user: { name: user.name, email: user.email },
    channel: { name: channel.name, phone: channel.phone_e164 },
  };
}

/** Invoices and quotes of the customer being written to (by record or by phone), for the compose picker. */
export function invoiceOptionsFor(_db: Db, _record: string, _phone: string): { id: number; label: string }[] {
  return [];
}

/** Generates an invoice's PDF into the media store, ready to send as a document. */
export async function invoiceAttachment(_db: Db, _media: MediaStore, _invoiceId: number): Promise<UploadedFile | null> {
  return null;
}

/** Customers matching a name or number, for the recipient auto-complete. */
export function recipientHits(_db: Db, _query: string): { label: string; phone: string }[] {
  return [];
}
