import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { apiError, requireSendScope, type ApiEnv } from "./http.ts";
import { errorAnswer, errors, security } from "./openapi-parts.ts";
import { pageOf } from "../messaging/public-schemas.ts";
import { recordsContactsAdapter as contacts } from "../records/api-contacts.ts";

export const ContactSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    phones: z
      .array(z.object({ e164: z.string().nullable(), raw: z.string() }))
      .openapi({ description: "Each number as typed, and normalised to E.164 when it could be." }),
    email: z.string().nullable(),
    notes: z.string(),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Contact");

export const NewContactSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    phones: z
      .array(z.string().min(3).max(40))
      .max(10)
      .default([])
      .openapi({ example: ["+447700900123"] }),
    email: z.email().max(200).optional(),
    notes: z.string().max(10_000).optional(),
  })
  // Unknown fields (e.g. `phone` for `phones`) are refused, never silently dropped.
  .strict()
  .openapi("NewContact");

export type ContactJson = z.infer<typeof ContactSchema>;
export type NewContactJson = z.infer<typeof NewContactSchema>;

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/contacts",
  tags: ["Contacts"],
  security,
  operationId: "listContacts",
  summary: "Contacts, searchable by name, phone (any format) or email",
  request: {
    query: z.object({
      q: z.string().max(200).optional(),
      cursor: z
        .string()
        .regex(/^\d+$/)
        .optional()
        .openapi({ description: "`next_cursor` of the previous page." }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: "A page of contacts",
      content: { "application/json": { schema: pageOf(ContactSchema, "ContactPage") } },
    },
    400: errors[400],
    401: errors[401],
  },
});

const createContactRoute = createRoute({
  method: "post",
  path: "/api/v1/contacts",
  tags: ["Contacts"],
  security,
  operationId: "createContact",
  summary: "Create a contact; conversations with its numbers link to it",
  description: "Needs a key with the send scope. Contacts are shared by every channel.",
  request: { body: { required: true, content: { "application/json": { schema: NewContactSchema } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: ContactSchema } } },
    400: errors[400],
    401: errors[401],
    403: errorAnswer("The key is read-only"),
  },
});

export function contactRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.use("/api/v1/contacts", async (c, next) =>
    c.req.method === "POST" ? requireSendScope()(c, next) : next(),
  );

  api.openapi(listRoute, (c) => {
    const q = c.req.valid("query");
    const rows = contacts.list(c.get("deps").db, {
      search: q.q,
      cursor: q.cursor ? Number(q.cursor) : null,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return c.json(
      { data: page, next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null },
      200,
    );
  });

  api.openapi(createContactRoute, (c) => {
    const { db, clock } = c.get("deps");
    const made = contacts.create(db, c.req.valid("json"), clock());
    if (!made.ok)
      return apiError(c, 400, "invalid_request", `${made.field}: ${made.message}`, [
        { path: made.field, message: made.message },
      ]);
    return c.json(made.contact, 201);
  });
}
