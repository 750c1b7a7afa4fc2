import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { findConversation } from "../messaging/conversations-store.ts";
import { MAX_NOTE, notesPage } from "../messaging/notes.ts";
import { NoteSchema, noteJson } from "../messaging/public-team.ts";
import { pageOf } from "../messaging/public-schemas.ts";
import { findChannel } from "../channels/store.ts";
import { writeNote } from "../inbox/note-mentions.ts";
import { apiError, requireSendScope, type ApiEnv } from "./http.ts";
import { byIdErrors, errors, idPath, security } from "./openapi-parts.ts";
import { reachableConversation } from "./conversation-status.ts";

const NewNote = z
  .object({
    text: z.string().min(1).max(MAX_NOTE).openapi({ example: "@Ann Lee can you call her back?" }),
    mention_user_ids: z.array(z.number().int().positive()).max(20).optional().openapi({
      description:
        "Whom an `@Name` in the text names when two colleagues share a name. Without it, each `@Name` of a person who may use the channel is a mention.",
    }),
  })
  .openapi("NewNote");

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/conversations/{id}/notes",
  tags: ["Conversations"],
  security,
  operationId: "listConversationNotes",
  middleware: [reachableConversation] as const,
  summary: "Private notes of a conversation, newest first",
  request: {
    params: idPath,
    query: z.object({
      cursor: z
        .string()
        .regex(/^\d{1,16}$/)
        .optional()
        .openapi({ description: "`next_cursor` of the previous page." }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: "A page of notes",
      content: { "application/json": { schema: pageOf(NoteSchema, "NotePage") } },
    },
    ...byIdErrors,
  },
});

const addRoute = createRoute({
  method: "post",
  path: "/api/v1/conversations/{id}/notes",
  tags: ["Conversations"],
  security,
  operationId: "addConversationNote",
  middleware: [reachableConversation, requireSendScope()] as const,
  summary: "Add a private note (never sent to WhatsApp)",
  description:
    "Written as the key's creator. Each colleague mentioned (`@Name`, only people who may use the channel) gets a notification. Fires the `conversation.note` webhook. Needs a key with the send scope.",
  request: { params: idPath, body: { required: true, content: { "application/json": { schema: NewNote } } } },
  responses: {
    201: { description: "The note", content: { "application/json": { schema: NoteSchema } } },
    400: errors[400],
    401: errors[401],
    403: { description: "A read-only key", content: errors[400].content },
    404: errors[404],
  },
});

export function noteApiRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(listRoute, (c) => {
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    const rows = notesPage(c.get("deps").db, id, q.cursor ? Number(q.cursor) : null, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return c.json(
      { data: page.map(noteJson), next_cursor: rows.length > q.limit && last ? String(last.id) : null },
      200,
    );
  });

  api.openapi(addRoute, (c) => {
    const { db, clock } = c.get("deps");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const conversation = findConversation(db, id)!;
    const channel = findChannel(db, conversation.channel_id)!;
    const result = writeNote(
      db,
      { conversation, channel, author: c.get("api").creator },
      body.text,
      body.mention_user_ids ?? [],
      clock(),
    );
    if (!result.ok) return apiError(c, 400, "invalid_request", `text: ${result.error}`);
    return c.json(noteJson(result.note), 201);
  });
}
