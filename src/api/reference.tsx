import type { OpenAPIHono } from "@hono/zod-openapi";
import referenceJs from "../../static/api-reference.js" with { type: "file" };
import { ApiReferencePage, type OpenApiDoc } from "./views/api-reference.tsx";
import type { ApiEnv } from "./http.ts";
import { openApiConfig } from "./document.ts";

/** The interactive reference at /api/docs and its script, both served by us (the CSP allows nothing else). */
export function referenceRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.get("/api/docs", (c) => {
    const { config, version } = c.get("deps");
    const doc = api.getOpenAPI31Document(openApiConfig(config.baseUrl)) as unknown as OpenApiDoc;
    return c.html(
      <ApiReferencePage doc={doc} scriptUrl={`/api/docs/reference.js?v=${encodeURIComponent(version)}`} />,
    );
  });
  api.get("/api/docs/reference.js", async (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    return c.body(await Bun.file(referenceJs).arrayBuffer());
  });
}
