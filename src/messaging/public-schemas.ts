import { z } from "@hono/zod-openapi";
import { MESSAGE_TYPES } from "../whatsapp/driver.ts";

/**
 * The JSON shapes of the public API and of webhook payloads, in one place: the OpenAPI document,
 * request validation, API responses and webhook bodies all come from these schemas.
 */

const isoTime = z.string().openapi({ format: "date-time", example: "2026-01-15T09:00:00.000Z" });
const nullableTime = isoTime.nullable();

export const ChannelStatusEnum = z.enum(["pending", "connected", "disconnected", "error"]);

export const ChannelSchema = z
  .object({
    id: z.number().int().openapi({ example: 1 }),
    name: z.string().openapi({ example: "Sales" }),
    phone: z.string().openapi({ example: "+14155550100" }),
    status: ChannelStatusEnum,
    status_reason: z.string().openapi({ description: "Why the channel is in this state, when known." }),
    last_error: z.string(),
    last_error_at: nullableTime,
    last_activity_at: nullableTime,
    deleted: z
      .boolean()
      .openapi({ description: "Deleted channels keep their history readable but send nothing." }),
    read_receipts: z.boolean().openapi({
      description: "Tell customers when we read their messages (opening a conversation sends blue ticks).",
    }),
    typing: z.boolean().openapi({ description: "Show customers “typing…” while someone types a reply." }),
    reject_calls: z.boolean().openapi({ description: "Decline incoming calls automatically." }),
    pairing_problem: z.enum(["", "passkey"]).openapi({
      description:
        "`passkey`: WhatsApp demands a passkey to link this number, which no Baileys-based product can give; empty otherwise.",
    }),
  })
  .openapi("Channel");

export const ChannelQrSchema = z
  .object({
    channel_id: z.number().int(),
    status: ChannelStatusEnum,
    qr: z.string().nullable().openapi({
      description: "The raw pairing string to render as a QR code; null when the channel is not pairing.",
    }),
    updated_at: nullableTime,
  })
  .openapi("ChannelQr");

export const ConversationSchema = z
  .object({
    id: z.number().int(),
    channel_id: z.number().int(),
    kind: z.enum(["direct", "group"]),
    chat_jid: z.string().openapi({ example: "447700900123@s.whatsapp.net" }),
    phone: z
      .string()
      .nullable()
      .openapi({ description: "Direct chats: the person's number in E.164.", example: "+447700900123" }),
    lid: z.string().nullable(),
    title: z.string().openapi({ description: "The person's WhatsApp name, or the group subject." }),
    participant_count: z.number().int().nullable(),
    status: z.enum(["open", "pending", "resolved", "snoozed"]).openapi({
      description:
        "open, pending, resolved, or snoozed (until `snoozed_until`). A customer message reopens a resolved or snoozed conversation.",
    }),
    snoozed_until: nullableTime.openapi({
      description: "When a snoozed conversation opens again by itself.",
    }),
    assignee_id: z.number().int().nullable().openapi({
      description: "The person (user id) it is assigned to; null when nobody has it.",
    }),
    team_id: z.number().int().nullable().openapi({
      description: "The team (user group id) it belongs to, with or without a person; null for none.",
    }),
    last_message_at: nullableTime.openapi({
      description:
        "When its newest message was sent; null while it has none. In message events, the conversation as this message left it: this message's time, or a later one's when an older message arrives late.",
    }),
    created_at: isoTime,
  })
  .openapi("Conversation");

export const MediaSchema = z
  .object({
    mime: z.string().nullable().openapi({ example: "application/pdf" }),
    size: z.number().int().nullable(),
    file_name: z.string().nullable(),
    status: z.enum(["pending", "stored", "failed", "too_large"]).nullable().openapi({
      description: "Inbound media is downloaded after the message arrives; the URL works once it is stored.",
    }),
    url: z.string().openapi({ description: "Needs an API key with access to the channel." }),
    signed_url: z
      .string()
      .optional()
      .openapi({ description: "Webhooks only: works without a key until signed_url_expires_at." }),
    signed_url_expires_at: isoTime.optional(),
  })
  .openapi("Media");

export const PollSchema = z
  .object({
    question: z.string(),
    selectable_count: z
      .number()
      .int()
      .openapi({ description: "1: single choice; 0: any number of options (WhatsApp's multiple choice)." }),
    voters: z.number().int().openapi({ description: "How many people have a vote in it now." }),
    options: z.array(
      z.object({
        name: z.string(),
        votes: z.number().int(),
        voters: z.array(z.object({ phone: z.string().nullable(), name: z.string() })),
      }),
    ),
  })
  .openapi("Poll");

export const ContactCardSchema = z
  .object({
    name: z.string(),
    phones: z.array(
      z.object({
        raw: z.string().openapi({ description: "As the card wrote it." }),
        e164: z.string().nullable().openapi({ description: "Normalised, when it is a phone number." }),
      }),
    ),
  })
  .openapi("ContactCard");

export const LocationSchema = z
  .object({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().nullable(),
    address: z.string().nullable(),
    live: z.boolean().openapi({ description: "A live location shared from the phone." }),
    map_url: z.string().openapi({ description: "The point on openstreetmap.org." }),
  })
  .openapi("Location");

export const ReactionSchema = z
  .object({
    emoji: z.string().openapi({ example: "👍" }),
    from_us: z.boolean().openapi({ description: "Our own account reacted (from Pairbox or the phone)." }),
    jid: z.string().nullable().openapi({ description: "Who reacted; null for our own account." }),
    name: z.string(),
    at: isoTime,
  })
  .openapi("Reaction");

export const MessageSchema = z
  .object({
    id: z.number().int(),
    channel_id: z.number().int(),
    conversation_id: z.number().int(),
    wa_id: z
      .string()
      .nullable()
      .openapi({ description: "WhatsApp's message id; null while a send is queued." }),
    direction: z.enum(["inbound", "outbound"]),
    sent_from_phone: z
      .boolean()
      .openapi({ description: "Outbound messages typed on the phone itself, not sent through Pairbox." }),
    type: z.enum(MESSAGE_TYPES),
    text: z.string().openapi({ description: "The text, or a media caption." }),
    sender: z.object({
      phone: z
        .string()
        .nullable()
        .openapi({ description: "E.164, resolved from a LID when WhatsApp told us the number." }),
      lid: z.string().nullable(),
      name: z.string(),
    }),
    chat: z.object({
      kind: z.enum(["direct", "group"]),
      jid: z.string(),
      phone: z.string().nullable(),
      group: z
        .object({ jid: z.string(), subject: z.string(), participant_jid: z.string().nullable() })
        .nullable(),
    }),
    media: MediaSchema.nullable(),
    quoted_wa_id: z.string().nullable(),
    poll: PollSchema.nullable().openapi({
      description: "Polls (`type` poll): question, options, live tally.",
    }),
    contacts: z
      .array(ContactCardSchema)
      .nullable()
      .openapi({ description: "Contact cards (`type` contact): every card with every number." }),
    location: LocationSchema.nullable(),
    album_wa_id: z
      .string()
      .nullable()
      .openapi({ description: "A photo or video of an album: the album message's WhatsApp id." }),
    quoted_text: z
      .string()
      .nullable()
      .openapi({ description: "A reply: the quoted message's text, as the quote carried it." }),
    view_once: z.boolean().openapi({ description: "A view-once photo, video or voice note." }),
    placeholder: z.boolean().openapi({
      description:
        "WhatsApp could not decrypt it yet: no content until the retried message replaces it (same id).",
    }),
    edited_at: isoTime
      .nullable()
      .openapi({ description: "When its author last edited it; `text` is the current text." }),
    deleted: z.boolean().openapi({
      description: "Deleted for everyone by its author: `text` and `media` are then empty.",
    }),
    deleted_at: isoTime.nullable(),
    reactions: z
      .array(ReactionSchema)
      .openapi({ description: "Reactions, oldest first; one per person (GET only; empty in webhooks)." }),
    status: z.enum(["received", "queued", "sending", "sent", "delivered", "read", "failed"]),
    error: z.string().nullable(),
    timestamp: isoTime,
    created_at: isoTime,
  })
  .openapi("Message");

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: "invalid_request" }),
    message: z
      .string()
      .openapi({ example: "to: Enter a phone number in international format, e.g. +447700900123." }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    reason: z
      .string()
      .optional()
      .openapi({ description: "A category, for errors with several causes (e.g. `media_fetch_failed`)." }),
  })
  .openapi("Error");

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .openapi({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .openapi(name);
}

export type ChannelJson = z.infer<typeof ChannelSchema>;
export type ConversationJson = z.infer<typeof ConversationSchema>;
export type MessageJson = z.infer<typeof MessageSchema>;
export type PollJson = z.infer<typeof PollSchema>;
export type ReactionJson = z.infer<typeof ReactionSchema>;
export type ErrorJson = z.infer<typeof ErrorSchema>;
