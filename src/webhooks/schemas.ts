import { z } from "@hono/zod-openapi";
import {
  ChannelStatusEnum,
  ConversationSchema,
  MessageSchema,
  PollSchema,
} from "../messaging/public-schemas.ts";
import { LabelSchema, NoteSchema } from "../messaging/public-team.ts";

/** The JSON bodies Pairbox POSTs to webhook endpoints; documented in the OpenAPI `webhooks` section. */

export const MessageEventData = z
  .object({ message: MessageSchema, conversation: ConversationSchema })
  .openapi("MessageEventData");

export const StatusEventData = z
  .object({
    status: z.enum(["sent", "delivered", "read", "failed"]),
    error: z.string().nullable().openapi({ description: "Why it failed, for `failed`." }),
    message: MessageSchema,
  })
  .openapi("StatusEventData");

export const ChannelStatusEventData = z
  .object({
    status: ChannelStatusEnum,
    reason: z.string(),
    last_error: z.string(),
    last_error_at: z.string().nullable(),
  })
  .openapi("ChannelStatusEventData");

export const ChannelQrEventData = z
  .object({
    qr: z.string().openapi({ description: "The raw pairing string; render it as a QR code." }),
    qr_at: z.string().nullable(),
    qr_svg_url: z.string().openapi({ description: "The same code as an SVG image (needs an API key)." }),
  })
  .openapi("ChannelQrEventData");

export const RecordLinkedEventData = z
  .object({
    conversation: ConversationSchema,
    record: z.object({
      type: z.string().openapi({ example: "contact" }),
      id: z.number().int(),
      name: z.string().nullable(),
    }),
  })
  .openapi("RecordLinkedEventData");

export const ConversationStatusEventData = z
  .object({
    conversation: ConversationSchema,
    status: z.enum(["open", "pending", "resolved", "snoozed"]),
    snoozed_until: z
      .string()
      .nullable()
      .openapi({ description: "With `snoozed`: when it opens again by itself." }),
    cause: z.enum(["user", "customer", "snooze_ended"]).openapi({
      description:
        "`user`: a person or an API key; `customer`: a customer message reopened it; `snooze_ended`: its snooze ran out.",
    }),
    by_user_id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Who changed it, for `user` (an API key's creator)." }),
  })
  .openapi("ConversationStatusEventData");

export const PollVoteEventData = z
  .object({
    message: MessageSchema.openapi({ description: "The poll message, its `poll` with the new tally." }),
    conversation: ConversationSchema,
    voter: z.object({
      jid: z.string().openapi({ description: "The WhatsApp address the vote came from (phone JID or LID)." }),
      phone: z.string().nullable().openapi({ example: "+447700900123" }),
      name: z.string(),
    }),
    options: z.array(z.string()).openapi({
      description:
        "The voter's whole selection now (a later vote replaces the earlier); empty when they withdrew their vote.",
    }),
    poll: PollSchema,
  })
  .openapi("PollVoteEventData");

export const ReactionEventData = z
  .object({
    message: MessageSchema,
    conversation: ConversationSchema,
    reaction: z.object({
      emoji: z.string().openapi({ description: "The emoji; empty when `removed`." }),
      removed: z.boolean().openapi({ description: "The person took their reaction back." }),
      from_us: z.boolean().openapi({ description: "Our own account reacted (Pairbox or the phone)." }),
      jid: z.string().nullable().openapi({ description: "Who reacted; null for our own account." }),
      name: z.string(),
    }),
  })
  .openapi("ReactionEventData");

export const EditedEventData = z
  .object({
    message: MessageSchema,
    conversation: ConversationSchema,
    previous_text: z.string().openapi({ description: "The text before this edit." }),
  })
  .openapi("EditedEventData");

export const DeletedEventData = z
  .object({ message: MessageSchema, conversation: ConversationSchema })
  .openapi("DeletedEventData", {
    description: "The message as deleted: `deleted` true, its text and media never sent on.",
  });

export const CallEventData = z
  .object({
    call: z.object({
      id: z.string().openapi({ description: "WhatsApp's id of the call." }),
      message_id: z.number().int().openapi({ description: "The call's row in the conversation." }),
      from: z
        .string()
        .nullable()
        .openapi({ example: "+447700900123", description: "The caller's number, when known." }),
      video: z.boolean(),
      outcome: z.enum(["missed", "rejected"]).openapi({
        description:
          "`rejected`: the channel declines calls automatically; `missed` otherwise (Pairbox cannot answer).",
      }),
      at: z.string().openapi({ format: "date-time" }),
    }),
    conversation: ConversationSchema,
  })
  .openapi("CallEventData");
export const ConversationNoteEventData = z
  .object({ conversation: ConversationSchema, note: NoteSchema })
  .openapi("ConversationNoteEventData");

export const ConversationLabelsEventData = z
  .object({
    conversation: ConversationSchema,
    labels: z.array(LabelSchema).openapi({ description: "The conversation's labels after the change." }),
    added: z.array(z.number().int()).openapi({ description: "Ids of the labels this change added." }),
    removed: z.array(z.number().int()).openapi({ description: "Ids of the labels this change removed." }),
    by_user_id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Who changed them (an API key's creator); null for a workflow." }),
  })
  .openapi("ConversationLabelsEventData");

const Named = z.object({ id: z.number().int(), name: z.string() });

export const ConversationAssignedEventData = z
  .object({
    conversation: ConversationSchema,
    assignee: Named.nullable().openapi({ description: "The person it is assigned to now; null for nobody." }),
    team: Named.nullable().openapi({ description: "The team it belongs to now; null for none." }),
    cause: z.enum(["user", "auto", "workflow"]).openapi({
      description:
        "`user`: a person or an API key; `auto`: the channel's auto-assignment; `workflow`: a workflow's Assign step.",
    }),
    by_user_id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Who assigned it, for `user` (an API key's creator)." }),
  })
  .openapi("ConversationAssignedEventData");

export const TestEventData = z
  .object({ message: z.string(), endpoint_id: z.number().int() })
  .openapi("TestEventData");

export const EVENT_DATA = {
  "message.inbound": MessageEventData,
  "message.outbound": MessageEventData,
  "message.status": StatusEventData,
  "channel.status": ChannelStatusEventData,
  "channel.qr": ChannelQrEventData,
  "record.linked": RecordLinkedEventData,
  "conversation.status": ConversationStatusEventData,
  "poll.vote": PollVoteEventData,
  "message.reaction": ReactionEventData,
  "message.edited": EditedEventData,
  "message.deleted": DeletedEventData,
  "call.received": CallEventData,
  "conversation.note": ConversationNoteEventData,
  "conversation.labels": ConversationLabelsEventData,
  "conversation.assigned": ConversationAssignedEventData,
  "webhook.test": TestEventData,
} as const;

export type EventDataMap = { [K in keyof typeof EVENT_DATA]: z.infer<(typeof EVENT_DATA)[K]> };

/** The envelope every event shares. */
export function eventSchema<K extends keyof typeof EVENT_DATA>(type: K) {
  return z.object({
    id: z
      .string()
      .openapi({ example: "evt_3kq9…", description: "Unique per event; the same on every retry." }),
    type: z.literal(type),
    created_at: z.string().openapi({ format: "date-time" }),
    channel: z.object({ id: z.number().int(), name: z.string(), phone: z.string() }).nullable(),
    data: EVENT_DATA[type],
  });
}
