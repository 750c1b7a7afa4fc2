import type { MessageType } from "../whatsapp/driver.ts";

/** What the messaging core stores for each message, whatever driver or channel kind it came from. */
export type MessageRow = {
  id: number;
  conversation_id: number;
  channel_id: number;
  wa_id: string | null;
  direction: "inbound" | "outbound";
  from_me_device: number;
  sender_phone: string | null;
  sender_lid: string | null;
  sender_name: string;
  participant_jid: string | null;
  type: MessageType;
  text: string;
  media_sha256: string | null;
  media_mime: string | null;
  media_size: number | null;
  media_filename: string | null;
  media_status: "pending" | "stored" | "failed" | "too_large" | null;
  media_error: string | null;
  quoted_wa_id: string | null;
  /** Polls, contact cards, locations, albums: the kind's detail as JSON (src/whatsapp/rich.ts). */
  detail: string | null;
  /** The quoted message's text as the quote carried it. */
  quoted_text: string | null;
  /** When its author last edited it (earlier texts in message_edits), or null. */
  edited_at: number | null;
  /** When its author deleted it for everyone, or null: the text stays for people who may use the channel. */
  deleted_at: number | null;
  view_once: number;
  /** 1: a placeholder for a message WhatsApp could not decrypt yet. */
  awaiting_content: number;
  status: "received" | "queued" | "sending" | "sent" | "delivered" | "read" | "failed";
  error: string | null;
  sent_by_user_id: number | null;
  idempotency_key: string | null;
  from_history: number;
  wa_timestamp: number;
  created_at: number;
};

export type ConversationRow = {
  id: number;
  channel_id: number;
  chat_jid: string;
  kind: "direct" | "group";
  peer_phone: string | null;
  peer_lid: string | null;
  title: string;
  participant_count: number | null;
  last_message_id: number | null;
  last_message_at: number;
  last_inbound_at: number | null;
  inbound_count: number;
  /** Of those, how many were read on the phone (or another linked device): read for everyone. */
  phone_seen_inbound: number;
  assigned_user_id: number | null;
  /** The team (user group) it belongs to, with or without a person. */
  assigned_team_id: number | null;
  status: ConversationStatus;
  /** When a snoozed conversation opens again by itself (UTC epoch ms); null unless snoozed. */
  snoozed_until: number | null;
  created_at: number;
};

export type ConversationStatus = "open" | "pending" | "resolved" | "snoozed";
