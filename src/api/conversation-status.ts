import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { idParam } from "../web/forms.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { conversationJson } from "../messaging/public-json.ts";
import { ConversationSchema } from "../messaging/public-schemas.ts";
import { setConversationStatus } from "../messaging/status.ts";
import { apiError, keyReaches, notFoundJson, requireSendScope, type ApiEnv } from "./http.ts";
import { errorAnswer, errors, idPath, security } from "./openapi-parts.ts";
import { assignFromApi, assignmentFields } from "./conversation-assign.ts";
import { write } from "../db/write.ts";

const YEAR_MS = 366 * 24 * 60 * 60 * 1000;

const StatusChange = z
  .object({
    status: z.enum(["open", "pending", "resolved", "snoozed"]).optional(),
    snoozed_until: z.iso.datetime({ offset: true }).optional().openapi({
      description: "With `snoozed`: when it opens again by itself (within a year).",
      example: "2026-01-16T09:00:00Z",
    }),
    ...assignmentFields,
  })
  .openapi("ConversationStatusChange");

/** A conversation the key cannot reach is 404 before its body is read, as if it did not exist. */
export const reachableConversation: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const id = idParam(c.req.param("id"));
  const conv = id ? findConversation(c.get("deps").db, id) : null;
  if (!conv || !keyReaches(c, conv.channel_id))
    return notFoundJson(c, "No such conversation, or this key has no access to it.");
  await next();
};

const patchRoute = createRoute({
  method: "patch",
  path: "/api/v1/conversations/{id}",
  tags: ["Conversations"],
  security,
  operationId: "updateConversation",
  middleware: [reachableConversation, requireSendScope()] as const,
  summary: "Change a conversation's status (open, pending, resolved, snoozed until a time), assignee or team",
  description:
    "Send any of `status`, `assignee_id`, `team_id`; what is left out stays as it is, and all of it is applied together or not at all. A snoozed conversation opens again at `snoozed_until`, and a resolved or snoozed one when the customer writes. Each change fires the `conversation.status` or `conversation.assigned` webhook and is recorded as made by the key's creator. Needs a key with the send scope.",
  request: {
    params: idPath,
    body: { required: true, content: { "application/json": { schema: StatusChange } } },
  },
  responses: {
    200: {
      description: "The conversation as it is now",
      content: { "application/json": { schema: ConversationSchema } },
    },
    400: errors[400],
    401: errors[401],
    403: { description: "A read-only key", content: errors[400].content },
    404: errors[404],
    422: errorAnswer("The person or team may not take this channel's conversations"),
  },
});

export function conversationStatusRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(patchRoute, (c) => {
    const { db, clock } = c.get("deps");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const conv = findConversation(db, id);
    if (!conv || !keyReaches(c, conv.channel_id))
      return notFoundJson(c, "No such conversation, or this key has no access to it.");
    const now = clock();
    let until: number | null = null;
    if (body.status === "snoozed") {
      if (!body.snoozed_until)
        return apiError(c, 400, "invalid_request", "snoozed_until: required when the status is snoozed.");
      until = Date.parse(body.snoozed_until);
      if (until <= now || until > now + YEAR_MS)
        return apiError(c, 400, "invalid_request", "snoozed_until: must be in the future, within a year.");
    } else if (body.snoozed_until)
      return apiError(c, 400, "invalid_request", "snoozed_until: only with the status snoozed.");
    if (!body.status && body.assignee_id === undefined && body.team_id === undefined)
      return apiError(c, 400, "invalid_request", "Send status, assignee_id or team_id.");
    const by = c.get("api").creator.id;
    // One write: a refused assignee leaves the status unchanged too.
    const assigned = write(db, () => {
      const result = assignFromApi(db, conv, body, by, now);
      if (result.ok && body.status)
        setConversationStatus(db, [conv.id], { status: body.status, snoozedUntil: until }, by, now);
      return result;
    });
    if (!assigned.ok) return apiError(c, 422, "invalid_request", assigned.message);
    return c.json(conversationJson(findConversation(db, conv.id)!), 200);
  });
}
