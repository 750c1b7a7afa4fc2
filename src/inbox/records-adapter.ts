import type { Db } from "../db/open.ts";
import type { CurrentUser } from "../auth/principal.ts";
import type { ChannelAccessRow } from "../channels/access.ts";
import type { ConversationRow } from "../messaging/types.ts";
import type { LinkedRecordView } from "./views/conversation.tsx";
import type { MediaStore } from "../messaging/services.ts";
import type { Logger } from "../log.ts";
import type { UploadedFile } from "./compose-routes.tsx";
import {
  conversationLinks,
  customerPhones,
  firstRecordNames,
  formatCents,
  invoicesOfCustomer,
  isRecordType,
  recordData,
  renderInvoicePdf,
  type InvoiceRow,
} from "../records/public.ts";

/** The records a conversation is linked to, as the inbox header shows them. */
export function conversationRecords(db: Db, conversationId: number): LinkedRecordView[] {
  return conversationLinks(db, conversationId);
}

/** The first linked record's name per conversation, for the list. */
export function recordNames(db: Db, conversationIds: number[]): Map<number, string> {
  return firstRecordNames(db, conversationIds);
}

/**
 * A customer record as templates see it: the conversation's number when the record has none, and
 * `url` made absolute from the base URL, since the text goes to someone outside this server.
 */
export function templateContact(
  data: Record<string, unknown>,
  peerPhone: string | null,
  baseUrl: string,
): Record<string, unknown> {
  return {
    ...data,
    phone: data.phone || peerPhone || "",
    url: typeof data.url === "string" && data.url.startsWith("/") ? `${baseUrl}${data.url}` : "",
  };
}

/** Variables a template sees: the customer (first linked record), the agent and the channel. */
export function templateVariables(
  db: Db,
  conversation: ConversationRow,
  channel: ChannelAccessRow,
  user: CurrentUser,
  baseUrl: string,
): Record<string, unknown> {
  const record = conversationRecords(db, conversation.id)[0];
  const data =
    record && isRecordType(record.type) ? recordData(db, { type: record.type, id: record.id }) : null;
  const name = (data?.name as string | undefined) ?? conversation.title ?? "";
  const [first = "", ...rest] = name.split(/\s+/);
  return {
    contact: data
      ? templateContact(data, conversation.peer_phone, baseUrl)
      : {
          name,
          first_name: first,
          last_name: rest.join(" "),
          phone: conversation.peer_phone ?? "",
          email: "",
        },
    user: { name: user.name, email: user.email },
    channel: { name: channel.name, phone: channel.phone_e164 },
  };
}

function invoiceLabel(i: InvoiceRow): string {
  return `${i.number} · ${i.kind} · ${i.issue_date} · ${formatCents(i.total_cents)} (${i.status})`;
}

/** Invoices and quotes of the customer being written to (by record "type:id", else by phone), for the compose picker. */
export function invoiceOptionsFor(db: Db, record: string, phone: string): { id: number; label: string }[] {
  return invoicesOfCustomer(db, record, phone, 50).map((i) => ({ id: i.id, label: invoiceLabel(i) }));
}

/** Generates an invoice's PDF into the media store, ready to send as a document. */
export async function invoiceAttachment(
  db: Db,
  media: MediaStore,
  invoiceId: number,
  logger: Logger,
): Promise<UploadedFile | null> {
  const pdf = await renderInvoicePdf(db, invoiceId, media, logger);
  if (!pdf) return null;
  const stored = await media.putBytes(pdf.bytes);
  if (!stored.ok) return null;
  return { sha256: stored.sha256, mime: "application/pdf", size: stored.size, fileName: pdf.fileName };
}

/** Customers matching a name or number, for the recipient auto-complete: one entry per phone. */
export function recipientHits(db: Db, query: string): { label: string; phone: string }[] {
  return customerPhones(db, query, 20);
}
