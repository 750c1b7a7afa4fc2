import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listConversations, conversationMessages } from "../messaging/store.ts";
import { findConversation } from "../messaging/conversations-store.ts";
import { conversationJson, messageJson } from "../messaging/public-json.ts";
import { pollTally } from "../messaging/polls.ts";
import { reactionsByMessage } from "../messaging/changes-store.ts";
import { channelInfos } from "../channels/store.ts";
import { ConversationSchema, MessageSchema, pageOf } from "../messaging/public-schemas.ts";
import { apiError, decodeCursor, encodeCursor, keyReaches, notFoundJson, type ApiEnv } from "./http.ts";
import { byIdErrors, idPath, security, getByIdRoute } from "./openapi-parts.ts";

const paging = {
  cursor: z.string().max(100).optional().openapi({ description: "`next_cursor` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/conversations",
  tags: ["Conversations"],
  security,
  operationId: "listConversations",
  summary: "Conversations, newest activity first",
  request: {
    query: z.object({
      channel_id: z.coerce.number().int().positive().optional(),
      status: z
        .enum(["open", "pending", "resolved", "snoozed"])
        .optional()
        .openapi({ description: "Only conversations of this status (all statuses when left out)." }),
      label: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ description: "Only conversations carrying this label (its id)." }),
      assignee: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ description: "Only conversations assigned to this person (user id)." }),
      team: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ description: "Only conversations of this team (user group id)." }),
      unassigned: z
        .enum(["1", "0"])
        .optional()
        .openapi({ description: "`1`: only conversations no person is assigned to (a team may have them)." }),
      ...paging,
    }),
  },
  responses: {
    200: {
      description: "A page of conversations",
      content: { "application/json": { schema: pageOf(ConversationSchema, "ConversationPage") } },
    },
    ...byIdErrors,
  },
});

const messagesRoute = createRoute({
  method: "get",
  path: "/api/v1/conversations/{id}/messages",
  tags: ["Conversations"],
  security,
  operationId: "listConversationMessages",
  summary: "Messages of a conversation, newest first",
  description: "Pages go back in time: pass `next_cursor` to get older messages.",
  request: { params: idPath, query: z.object(paging) },
  responses: {
    200: {
      description: "A page of messages",
      content: { "application/json": { schema: pageOf(MessageSchema, "MessagePage") } },
    },
    ...byIdErrors,
  },
});

const badCursor = "cursor: not a cursor this API gave out.";

export function conversationRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(listRoute, (c) => {
    const { db } = c.get("deps");
    const q = c.req.valid("query");
    const before = decodeCursor(q.cursor);
    if (before === "invalid") return apiError(c, 400, "invalid_request", badCursor);
    if (q.channel_id !== undefined && !keyReaches(c, q.channel_id))
      return notFoundJson(c, "No such channel, or this key has no access to it.");
    const channelIds = channelInfos(db, c.get("api").channels).map((ch) => ch.id);
    // userId 0 matches no reader: the API has no per-user read state.
    const rows = listConversations(db, {
      channelIds,
      userId: 0,
      channelId: q.channel_id ?? null,
      status: q.status ?? null,
      labelId: q.label ?? null,
      assigneeId: q.assignee ?? null,
      teamId: q.team ?? null,
      unassigned: q.unassigned === "1",
      before,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return c.json(
      {
        data: page.map(conversationJson),
        next_cursor: rows.length > q.limit && last ? encodeCursor(last.last_message_at, last.id) : null,
      },
      200,
    );
  });

  api.openapi(getByIdRoute("conversation", ConversationSchema, "One conversation"), (c) => {
    const { id } = c.req.valid("param");
    const conv = findConversation(c.get("deps").db, id);
    if (!conv || !keyReaches(c, conv.channel_id))
      return notFoundJson(c, "No such conversation, or this key has no access to it.");
    return c.json(conversationJson(conv), 200);
  });

  api.openapi(messagesRoute, (c) => {
    const { db, config } = c.get("deps");
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    const before = decodeCursor(q.cursor);
    if (before === "invalid") return apiError(c, 400, "invalid_request", badCursor);
    const conv = findConversation(db, id);
    if (!conv || !keyReaches(c, conv.channel_id))
      return notFoundJson(c, "No such conversation, or this key has no access to it.");
    const rows = conversationMessages(db, conv.id, q.limit + 1, before).reverse();
    const page = rows.slice(0, q.limit);
    const reactions = reactionsByMessage(
      db,
      page.map((m) => m.id),
    );
    const last = page[page.length - 1];
    return c.json(
      {
        data: page.map((m) =>
          messageJson(m, conv, { baseUrl: config.baseUrl }, reactions.get(m.id), pollTally(db, m)),
        ),
        next_cursor: rows.length > q.limit && last ? encodeCursor(last.wa_timestamp, last.id) : null,
      },
      200,
    );
  });
}
