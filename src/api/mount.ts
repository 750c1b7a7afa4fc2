import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { webhooksRoutes } from "../webhooks/routes.tsx";
import { opsRoutes } from "../ops/routes.tsx";
import { apiKeysRoutes } from "./keys-routes.tsx";
import { buildApi } from "./routes.ts";

/** Everything issue 8 serves: the REST API and its docs, webhook, API key and backup settings, /metrics. */
export function integrationsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", buildApi());
  app.route("/", webhooksRoutes());
  app.route("/", apiKeysRoutes());
  app.route("/", opsRoutes());
  return app;
}
