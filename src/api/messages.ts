import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../web/context.ts";
import { bodyLimit } from "hono/body-limit";
import { findMessage } from "../messaging/store.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { storeUpload, type UploadedFile } from "../inbox/compose-routes.tsx";
import type { MessageRow } from "../messaging/types.ts";
import { messageJson } from "../messaging/public-json.ts";
import { pollTally } from "../messaging/polls.ts";
import { reactionsOf } from "../messaging/changes-store.ts";
import { MessageSchema } from "../messaging/public-schemas.ts";
import { apiError, keyReaches, notFoundJson, requireSendScope, type ApiEnv } from "./http.ts";
import { byIdErrors, errorAnswer, errors, idPath, security, getByIdRoute } from "./openapi-parts.ts";
import { fetchMedia } from "./send.ts";
import { CHANNEL_DELETED, type Problem } from "../messaging/send.ts";
import { findChannel } from "../channels/store.ts";
import { mediaResponse } from "./media.ts";
import { hasRich, RICH_ALONE, RICH_SEND_FIELDS, richGoesAlone, richPartOf } from "./send-rich.ts";

const MAX_TEXT = 65536;
const recipientHelp =
  "Exactly one of `to` (a phone number; the channel's country prefix applies to national numbers), `group_jid` (a group Pairbox has seen) or `conversation_id`.";

const common = {
  channel_id: z.coerce.number().int().positive().openapi({ example: 1 }),
  to: z.string().max(40).optional().openapi({ example: "+447700900123" }),
  group_jid: z
    .string()
    .max(100)
    .regex(/@g\.us$/, "must be a group JID ending in @g.us")
    .optional()
    .openapi({ example: "120363041234567890@g.us" }),
  conversation_id: z.coerce.number().int().positive().optional(),
  text: z
    .string()
    .max(MAX_TEXT)
    .optional()
    .openapi({ description: "The message, or the caption of the media." }),
  as_document: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")])
    .optional()
    .openapi({
      description: "Send the media as a document (with its file name) even if it is an image or audio.",
    }),
  reply_to: z.coerce.number().int().positive().optional().openapi({
    description:
      "Reply to (quote) this message: its Pairbox id, in the same conversation. Unknown or elsewhere: 404.",
  }),
  idempotency_key: z.string().min(1).max(200).optional().openapi({
    description:
      "Retrying a call with the same key returns the first message instead of sending again. The `Idempotency-Key` header works too.",
  }),
};

type Recipients = {
  to?: string | undefined;
  group_jid?: string | undefined;
  conversation_id?: number | undefined;
};
const oneRecipient = (v: Recipients) =>
  [v.to, v.group_jid, v.conversation_id].filter((x) => x !== undefined).length === 1;

const SendJson = z
  .object({
    ...common,
    channel_id: z.number().int().positive().openapi({ example: 1 }),
    conversation_id: z.number().int().positive().optional(),
    reply_to: z.number().int().positive().optional().openapi({
      description:
        "Reply to (quote) this message: its Pairbox id, in the same conversation. Unknown or elsewhere: 404.",
    }),
    as_document: z.boolean().optional().openapi({
      description: "Send the media as a document (with its file name) even if it is an image or audio.",
    }),
    media: z
      .object({
        url: z.url({ protocol: /^https?$/ }).openapi({
          description:
            "Fetched by Pairbox (30 s and the upload size limit at most, up to 5 redirects). Only public addresses are fetched, checked after DNS and on every redirect, unless the server's PAIRBOX_FETCH_ALLOW names the host or its range. A failure answers `media_fetch_failed` with a `reason`: `address_not_allowed`, `invalid_url`, `unreachable`, `timeout`, `too_many_redirects`, `http_error` or `empty`.",
        }),
        file_name: z.string().max(200).optional(),
        mime: z
          .string()
          .max(100)
          .optional()
          .openapi({ description: "Overrides the Content-Type the URL answers with." }),
      })
      .strict()
      .optional(),
    ...RICH_SEND_FIELDS,
  })
  // A misspelt field (e.g. `fileName`, `phone`) is a 400 naming it, not a message sent without it.
  .strict()
  .refine(oneRecipient, { message: recipientHelp, path: ["to"] })
  .refine((v) => !!v.text || !!v.media || hasRich(v), {
    message: "Send text, media, or both (or a poll, location or contact).",
    path: ["text"],
  })
  .refine(richGoesAlone, { message: RICH_ALONE, path: ["poll"] })
  .openapi("SendMessage", {
    example: {
      channel_id: 1,
      to: "+447700900123",
      text: "Your order has shipped.",
      idempotency_key: "order-1042-shipped",
    },
  });

const SendForm = z
  .object({
    ...common,
    file: z.instanceof(File).optional().openapi({
      type: "string",
      format: "binary",
      description: "The file to send (image, audio, video or any document).",
    }),
    file_name: z.string().max(200).optional().openapi({ description: "Overrides the uploaded file's name." }),
  })
  .refine(oneRecipient, { message: recipientHelp, path: ["to"] })
  .refine((v) => !!v.text || !!v.file, { message: "Send text, a file, or both.", path: ["text"] })
  .openapi("SendMessageUpload");

/** Uploads over the cap are refused while they stream in, before anything is parsed or stored. */
const uploadLimit: MiddlewareHandler<ApiEnv> = (c, next) => {
  const { maxUploadBytes, maxUploadMb } = c.get("deps").config;
  return bodyLimit({
    maxSize: maxUploadBytes + 256 * 1024,
    onError: (ctx) =>
      apiError(ctx, 413, "too_large", `The request is larger than the ${maxUploadMb} MB limit.`),
  })(c, next);
};

const sendRoute = createRoute({
  method: "post",
  path: "/api/v1/messages",
  tags: ["Messages"],
  security,
  operationId: "sendMessage",
  middleware: [requireSendScope(), uploadLimit] as const,
  summary: "Send a message: text, media by URL or upload, to a person or a group",
  description:
    "The message is stored before the answer (202) and handed to WhatsApp right after; follow it with GET /api/v1/messages/{id} or the `message.status` webhook. Needs a key with the send scope.",
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
    // Not `required`: with it the library would run both validators on every body; the handler insists on one instead.
    body: {
      content: { "application/json": { schema: SendJson }, "multipart/form-data": { schema: SendForm } },
    },
  },
  responses: {
    202: {
      description: "Accepted: stored and queued for sending",
      content: { "application/json": { schema: z.object({ message: MessageSchema }) } },
    },
    200: {
      description: "Replay: this idempotency key already sent this message",
      content: { "application/json": { schema: z.object({ message: MessageSchema }) } },
    },
    400: errors[400],
    401: errors[401],
    403: errorAnswer("The key is read-only"),
    404: errors[404],
    409: errorAnswer(
      "The channel cannot send (deleted), or the idempotency key was used for a different message",
    ),
    413: errorAnswer("The file is over the size limit"),
    422: errorAnswer(
      "The media could not be stored (empty or refused file), or media.url is not an address Pairbox fetches from",
    ),
    502: errorAnswer("media.url could not be fetched"),
  },
});

const mediaRoute = createRoute({
  method: "get",
  path: "/api/v1/messages/{id}/media",
  tags: ["Messages"],
  security,
  operationId: "getMessageMedia",
  summary: "The media file of a message",
  request: { params: idPath },
  responses: {
    200: {
      description: "The file, as an attachment",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...byIdErrors,
  },
});

/** Every status a Problem carries is declared on the send route; the cast only narrows the union for the typed response. */
function problem(c: Context, p: Problem) {
  if (p.reason) return c.json({ error: p.error, message: p.message, reason: p.reason }, p.status as 400);
  return apiError(c, p.status as 400, p.error, p.message);
}

/** An idempotency key is scoped to the API key, so two integrations can never collide. */
const scopedKey = (keyId: number, key: string) => `api:${keyId}:${key}`;

export function messageRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(sendRoute, async (c) => {
    const { db, config, services } = c.get("deps");
    const type = c.req.header("content-type") ?? "";
    if (!/json|multipart\/form-data|x-www-form-urlencoded/i.test(type))
      return apiError(
        c,
        400,
        "invalid_request",
        "Send the message as a JSON body, or as multipart/form-data to upload a file.",
      );
    const input = /json/i.test(type) ? c.req.valid("json") : c.req.valid("form");
    const given = input.idempotency_key ?? c.req.valid("header")["idempotency-key"];
    const key = given ? scopedKey(c.get("api").keyId, given) : null;
    const answer = (m: MessageRow, status: 200 | 202) =>
      c.json(
        { message: messageJson(m, findConversation(db, m.conversation_id)!, { baseUrl: config.baseUrl }) },
        status,
        status === 200 ? { "Idempotent-Replayed": "true" } : {},
      );
    // Form uploads carry none of these fields: only JSON bodies send polls, locations and cards.
    const rich = richPartOf(db, input as Parameters<typeof richPartOf>[1]);
    if (rich && !rich.ok) return apiError(c, 422, "invalid_request", rich.message);
    const part = rich?.part ?? null;
    const replay = (m: MessageRow) =>
      m.channel_id === input.channel_id && m.text === (part?.text ?? (input.text ?? "").trim())
        ? answer(m, 200)
        : apiError(
            c,
            409,
            "idempotency_key_reused",
            "This idempotency key was already used for a different message.",
          );

    const channel = keyReaches(c, input.channel_id) ? findChannel(db, input.channel_id) : null;
    if (!channel) return notFoundJson(c, "No such channel, or this key has no access to it.");
    // Checked before any download or upload is stored: a retried call does no work at all.
    const earlier = key ? services.send.earlier(key) : null;
    if (earlier) return replay(earlier);
    if (channel.deleted_at !== null) return apiError(c, 409, "channel_deleted", CHANNEL_DELETED);
    const recipient = services.send.recipient(channel, input);
    if (!recipient.ok) return problem(c, recipient);

    let file: UploadedFile | null = null;
    if ("media" in input && input.media) {
      const fetched = await fetchMedia(
        services.media,
        { url: input.media.url, fileName: input.media.file_name, mime: input.media.mime },
        { maxBytes: config.maxUploadBytes, allow: config.fetchAllow, logger: c.get("deps").logger },
      );
      if (!fetched.ok) return problem(c, fetched);
      file = fetched.file;
    } else if ("file" in input && input.file) {
      // The API context carries everything a page context does, plus the key.
      const uploaded = await storeUpload(c as unknown as Context<AppEnv>, input.file, input.file_name);
      if (!uploaded.ok) return apiError(c, 413, "too_large", uploaded.error);
      file = uploaded.file;
    }
    const sent = services.send.send({
      channel,
      recipient: { conversation: recipient.conversation },
      parts: [part ?? { text: (input.text ?? "").trim(), file, asDocument: input.as_document }],
      userId: null,
      idempotencyKey: key,
      replyTo: input.reply_to ?? null,
    });
    if (!sent.ok) return problem(c, sent);
    // A replay here means another call with this key got in while this one was downloading.
    return sent.replayed ? replay(sent.messages[0]!) : answer(sent.messages[0]!, 202);
  });

  api.openapi(getByIdRoute("message", MessageSchema, "One message, with its delivery status"), (c) => {
    const { db, config } = c.get("deps");
    const { id } = c.req.valid("param");
    const m = findMessage(db, id);
    const conv = m && keyReaches(c, m.channel_id) ? findConversation(db, m.conversation_id) : null;
    if (!m || !conv) return notFoundJson(c, "No such message, or this key has no access to it.");
    return c.json(
      messageJson(m, conv, { baseUrl: config.baseUrl }, reactionsOf(db, [m.id]), pollTally(db, m)),
      200,
    );
  });

  api.openapi(mediaRoute, async (c) => {
    const { id } = c.req.valid("param");
    const m = findMessage(c.get("deps").db, id);
    if (!m || !keyReaches(c, m.channel_id))
      return notFoundJson(c, "No such message, or this key has no access to it.");
    return (
      (await mediaResponse(c.get("deps").services.media, m)) ??
      notFoundJson(c, "This message has no stored media (yet).")
    );
  });
}
