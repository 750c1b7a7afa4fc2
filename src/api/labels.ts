import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { can } from "../auth/principal.ts";
import {
  changeConversationLabels,
  conversationLabels,
  createLabel,
  deleteLabel,
  findLabel,
  listLabels,
  updateLabel,
} from "../messaging/labels.ts";
import { LabelSchema, labelJson } from "../messaging/public-team.ts";
import { labelInput } from "../labels/validate.ts";
import { apiError, notFoundJson, requireSendScope, type ApiEnv } from "./http.ts";
import { byIdErrors, errors, idPath, security } from "./openapi-parts.ts";
import { reachableConversation } from "./conversation-status.ts";

const LabelList = z.object({ data: z.array(LabelSchema) }).openapi("LabelList");
const LabelBody = labelInput.openapi("LabelInput");
const LabelSet = z
  .object({
    label_ids: z
      .array(z.number().int().positive())
      .max(100)
      .openapi({ description: "Every label the conversation should have; the others are removed." }),
  })
  .openapi("ConversationLabelSet");

const refused = {
  description: "A read-only key, or one whose creator may not manage labels",
  content: errors[400].content,
};

/** Managing labels is a settings change: the key's creator needs `settings.manage`, as in the UI. */
const mayManageLabels: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (c.get("api").scope === "read" || !can(c.get("api").creator, "settings.manage"))
    return apiError(
      c,
      403,
      "forbidden",
      "Managing labels needs a send key created by someone with settings.manage.",
    );
  await next();
};

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/labels",
  tags: ["Labels"],
  security,
  operationId: "listLabels",
  summary: "Every label, by name",
  responses: {
    200: { description: "The labels", content: { "application/json": { schema: LabelList } } },
    401: errors[401],
  },
});

const createLabelRoute = createRoute({
  method: "post",
  path: "/api/v1/labels",
  tags: ["Labels"],
  security,
  operationId: "createLabel",
  middleware: [mayManageLabels] as const,
  summary: "Create a label (a name and a colour of the palette)",
  request: { body: { required: true, content: { "application/json": { schema: LabelBody } } } },
  responses: {
    201: { description: "The label", content: { "application/json": { schema: LabelSchema } } },
    400: errors[400],
    401: errors[401],
    403: refused,
    409: errors[400],
  },
});

const updateLabelRoute = createRoute({
  method: "patch",
  path: "/api/v1/labels/{id}",
  tags: ["Labels"],
  security,
  operationId: "updateLabel",
  middleware: [mayManageLabels] as const,
  summary: "Rename or recolour a label",
  request: {
    params: idPath,
    body: { required: true, content: { "application/json": { schema: LabelBody } } },
  },
  responses: {
    200: { description: "The label", content: { "application/json": { schema: LabelSchema } } },
    ...byIdErrors,
    403: refused,
    409: errors[400],
  },
});

const deleteLabelRoute = createRoute({
  method: "delete",
  path: "/api/v1/labels/{id}",
  tags: ["Labels"],
  security,
  operationId: "deleteLabel",
  middleware: [mayManageLabels] as const,
  summary: "Delete a label: it leaves every conversation and record",
  request: { params: idPath },
  responses: { 204: { description: "Deleted" }, ...byIdErrors, 403: refused },
});

const getConvLabels = createRoute({
  method: "get",
  path: "/api/v1/conversations/{id}/labels",
  tags: ["Conversations"],
  security,
  operationId: "listConversationLabels",
  middleware: [reachableConversation] as const,
  summary: "A conversation's labels",
  request: { params: idPath },
  responses: {
    200: { description: "Its labels", content: { "application/json": { schema: LabelList } } },
    ...byIdErrors,
  },
});

const putConvLabels = createRoute({
  method: "put",
  path: "/api/v1/conversations/{id}/labels",
  tags: ["Conversations"],
  security,
  operationId: "setConversationLabels",
  middleware: [reachableConversation, requireSendScope()] as const,
  summary: "Set a conversation's labels",
  description:
    "Adds and removes labels so the conversation has exactly `label_ids`. A change fires the `conversation.labels` webhook, recorded as made by the key's creator. Needs a key with the send scope.",
  request: {
    params: idPath,
    body: { required: true, content: { "application/json": { schema: LabelSet } } },
  },
  responses: {
    200: { description: "Its labels now", content: { "application/json": { schema: LabelList } } },
    ...byIdErrors,
    403: { description: "A read-only key", content: errors[400].content },
  },
});

const noLabel = "No such label.";

export function labelApiRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(listRoute, (c) => c.json({ data: listLabels(c.get("deps").db).map(labelJson) }, 200));

  api.openapi(createLabelRoute, (c) => {
    const { db, clock } = c.get("deps");
    const body = c.req.valid("json");
    const r = createLabel(db, body.name, body.color, clock());
    return r.ok ? c.json(labelJson(r.label), 201) : apiError(c, 409, "conflict", `name: ${r.error}`);
  });

  api.openapi(updateLabelRoute, (c) => {
    const { db } = c.get("deps");
    const { id } = c.req.valid("param");
    if (!findLabel(db, id)) return notFoundJson(c, noLabel);
    const body = c.req.valid("json");
    const r = updateLabel(db, id, body.name, body.color);
    return r.ok ? c.json(labelJson(r.label), 200) : apiError(c, 409, "conflict", `name: ${r.error}`);
  });

  api.openapi(deleteLabelRoute, (c) => {
    const { id } = c.req.valid("param");
    return deleteLabel(c.get("deps").db, id) ? c.body(null, 204) : notFoundJson(c, noLabel);
  });

  api.openapi(getConvLabels, (c) => {
    const { id } = c.req.valid("param");
    return c.json({ data: conversationLabels(c.get("deps").db, id).map(labelJson) }, 200);
  });

  api.openapi(putConvLabels, (c) => {
    const { db, clock } = c.get("deps");
    const { id } = c.req.valid("param");
    const wanted = new Set(c.req.valid("json").label_ids);
    const unknown = [...wanted].find((l) => !findLabel(db, l));
    if (unknown !== undefined) return apiError(c, 400, "invalid_request", `label_ids: no label ${unknown}.`);
    const have = conversationLabels(db, id).map((l) => l.id);
    const r = changeConversationLabels(
      db,
      id,
      { add: [...wanted].filter((l) => !have.includes(l)), remove: have.filter((l) => !wanted.has(l)) },
      c.get("api").creator.id,
      clock(),
    );
    return c.json({ data: r.labels.map(labelJson) }, 200);
  });
}
