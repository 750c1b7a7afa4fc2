import { Hono } from "hono";
import type { AppEnv } from "./context.ts";

/** Health for load balancers and the Docker HEALTHCHECK: 200 only when the database answers. */
export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/healthz", (c) => {
    const { db, version } = c.get("deps");
    try {
      db.query("SELECT 1").get();
      return c.json({ status: "ok", version, database: "ok" });
    } catch (err) {
      return c.json({ status: "error", version, database: (err as Error).message }, 503);
    }
  });
  app.get("/version", (c) => c.json({ version: c.get("deps").version }));
  return app;
}
