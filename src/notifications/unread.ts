import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../web/context.ts";
import { unreadNotificationCount } from "./store.ts";

/**
 * Loads the bell's count for the page layout, so the layout renders what it is given. Every
 * signed-in page shows the bell; static files and the REST API never render a page.
 */
export function loadUnreadNotifications(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (user && !c.req.path.startsWith("/static/") && !c.req.path.startsWith("/api/"))
      c.set("unreadNotifications", unreadNotificationCount(c.get("deps").db, user.id));
    await next();
  };
}
