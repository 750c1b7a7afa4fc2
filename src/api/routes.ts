import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { apiAuth, apiError, type ApiEnv } from "./http.ts";
import { channelRoutes } from "./channels.ts";
import { channelAdminRoutes } from "./channel-admin.ts";
import { conversationRoutes } from "./conversations.ts";
import { conversationStatusRoutes } from "./conversation-status.ts";
import { noteApiRoutes } from "./notes.ts";
import { labelApiRoutes } from "./labels.ts";
import { messageRoutes } from "./messages.ts";
import { messageActionRoutes } from "./message-actions.ts";
import { signedMediaRoutes } from "./media.ts";
import { contactRoutes } from "./contacts.ts";
import { registerWebhookDocs } from "./webhook-docs.ts";
import { referenceRoutes } from "./reference.tsx";
import { openApiConfig } from "./document.ts";

/**
 * The REST API: every route is declared with zod schemas that validate the request and write the
 * OpenAPI document, so the document cannot drift from what the server accepts.
 */
export function buildApi(): OpenAPIHono<ApiEnv> {
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join("."),
        message: i.message,
      }));
      const first = issues[0];
      return apiError(
        c as unknown as Context,
        400,
        "invalid_request",
        first ? `${first.path || "body"}: ${first.message}` : "The request is not valid.",
        issues,
      );
    },
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key as a bearer token.",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "apiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
  });

  api.use("/api/v1/*", apiAuth());
  channelRoutes(api);
  channelAdminRoutes(api);
  conversationRoutes(api);
  conversationStatusRoutes(api);
  noteApiRoutes(api);
  labelApiRoutes(api);
  messageRoutes(api);
  messageActionRoutes(api);
  contactRoutes(api);
  signedMediaRoutes(api);
  registerWebhookDocs(api.openAPIRegistry);

  api.doc31("/api/openapi.json", (c) => openApiConfig(c.get("deps").config.baseUrl));
  referenceRoutes(api);
  // Anything else under /api answers in JSON, never with the HTML 404 page.
  api.all("/api/*", (c) =>
    apiError(c, 404, "not_found", "No such API route. The routes are listed at /api/openapi.json."),
  );
  return api;
}
