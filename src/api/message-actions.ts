import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { idParam } from "../web/forms.ts";
import { findMessage } from "../messaging/store.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { findChannel } from "../channels/store.ts";
import { messageJson } from "../messaging/public-json.ts";
import { reactionsOf } from "../messaging/changes-store.ts";
import { MessageSchema } from "../messaging/public-schemas.ts";
import type { ActionKind } from "../messaging/actions-store.ts";
import { CHANNEL_DELETED } from "../messaging/send.ts";
import { apiError, keyReaches, notFoundJson, requireSendScope, type ApiEnv } from "./http.ts";
import { byIdErrors, errorAnswer, errors, idPath, security } from "./openapi-parts.ts";

/** React to a customer's message, edit or delete for everyone one of ours: WhatsApp's limits apply. */

const key = z.string().min(1).max(200).optional().openapi({
  description: "Retrying with the same key returns the first action instead of doing it again.",
});

const ActionAnswer = z
  .object({
    action: z.object({
      id: z.number().int(),
      kind: z.enum(["react", "edit", "revoke"]),
      status: z.enum(["queued", "sending", "done", "failed"]),
      error: z.string().nullable(),
    }),
    message: MessageSchema,
  })
  .openapi("MessageAction");

const answers = {
  200: {
    description: "WhatsApp took it (or it failed: see `action.status` and `action.error`)",
    content: { "application/json": { schema: ActionAnswer } },
  },
  ...byIdErrors,
  403: errorAnswer("The key is read-only"),
  409: errorAnswer("The channel was deleted"),
  422: errorAnswer(
    "Not allowed on this message: `edit_window_passed` (15 minutes), `delete_window_passed` (48 hours), `not_allowed` (a reaction to our own message, an edit of someone else's, a deleted message)",
  ),
};

/** A message the key cannot reach is 404 before its body is read, as if it did not exist. */
const reachableMessage: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const id = idParam(c.req.param("id"));
  const m = id ? findMessage(c.get("deps").db, id) : null;
  if (!m || !keyReaches(c, m.channel_id))
    return notFoundJson(c, "No such message, or this key has no access to it.");
  await next();
};

const shared = {
  tags: ["Messages"],
  security,
  responses: { ...answers, 400: errors[400] },
};

const ReactBody = z
  .object({
    emoji: z
      .string()
      .max(32)
      .openapi({ example: "👍", description: "One emoji; empty removes our reaction." }),
    idempotency_key: key,
  })
  .strict();
const EditBody = z.object({ text: z.string().min(1).max(65536), idempotency_key: key }).strict();
const json = <S extends z.ZodType>(schema: S) => ({
  content: { "application/json": { schema } },
  required: true,
});

const reactRoute = createRoute({
  ...shared,
  middleware: [reachableMessage, requireSendScope()] as const,
  method: "post",
  path: "/api/v1/messages/{id}/reaction",
  operationId: "reactToMessage",
  summary: "React to a customer's message (an empty emoji removes our reaction)",
  request: { params: idPath, body: json(ReactBody) },
});
const editRoute = createRoute({
  ...shared,
  middleware: [reachableMessage, requireSendScope()] as const,
  method: "patch",
  path: "/api/v1/messages/{id}",
  operationId: "editMessage",
  summary: "Edit one of our text messages (within 15 minutes of sending)",
  request: { params: idPath, body: json(EditBody) },
});
const deleteRoute = createRoute({
  ...shared,
  middleware: [reachableMessage, requireSendScope()] as const,
  method: "delete",
  path: "/api/v1/messages/{id}",
  operationId: "deleteMessage",
  summary: "Delete one of our messages for everyone (within 48 hours of sending)",
  request: { params: idPath },
});

async function act(c: Context<ApiEnv>, id: number, kind: ActionKind, value: string, given?: string) {
  const { db, config, services } = c.get("deps");
  const m = findMessage(db, id);
  const conv = m && keyReaches(c, m.channel_id) ? findConversation(db, m.conversation_id) : null;
  if (!m || !conv) return notFoundJson(c, "No such message, or this key has no access to it.");
  if (findChannel(db, m.channel_id)?.deleted_at !== null)
    return apiError(c, 409, "channel_deleted", CHANNEL_DELETED);
  const out = services.actions.request({
    message: m,
    kind,
    value,
    userId: null,
    idempotencyKey: given ? `api:${c.get("api").keyId}:${given}` : null,
  });
  if (!out.ok) return apiError(c, out.status as 422, out.error, out.message);
  const done = (await out.dispatched) ?? out.action;
  const now = findMessage(db, m.id)!;
  return c.json(
    {
      action: { id: done.id, kind: done.kind, status: done.status, error: done.error },
      message: messageJson(now, conv, { baseUrl: config.baseUrl }, reactionsOf(db, [now.id])),
    },
    200,
  );
}

export function messageActionRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(reactRoute, (c) => {
    const body = c.req.valid("json");
    return act(c, c.req.valid("param").id, "react", body.emoji, body.idempotency_key) as never;
  });
  api.openapi(editRoute, (c) => {
    const body = c.req.valid("json");
    return act(c, c.req.valid("param").id, "edit", body.text, body.idempotency_key) as never;
  });
  api.openapi(deleteRoute, (c) => act(c, c.req.valid("param").id, "revoke", "") as never);
}
