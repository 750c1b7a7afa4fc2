import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { NotificationsPage } from "./views/page.tsx";
import { NotificationBell } from "./views/bell.tsx";
import {
  findNotification,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadNotificationCount,
} from "./store.ts";

/** The signed-in person's notifications: a list, open one (marks it read), mark all read. */
export function notificationsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/notifications", (c) =>
    c.html(<NotificationsPage items={listNotifications(c.get("deps").db, currentUser(c).id)} />),
  );

  // The bell alone, for the top bar to refresh itself in place.
  app.get("/notifications/bell", (c) =>
    c.html(<NotificationBell count={unreadNotificationCount(c.get("deps").db, currentUser(c).id)} />),
  );

  app.post("/notifications/:id/open", (c) => {
    const { db, clock } = c.get("deps");
    const user = currentUser(c);
    const id = idParam(c.req.param("id"));
    const n = id ? findNotification(db, user.id, id) : null;
    if (!n) return c.notFound();
    markNotificationRead(db, user.id, n.id, clock());
    return c.redirect(n.href.startsWith("/") && !n.href.startsWith("//") ? n.href : "/notifications", 303);
  });

  app.post("/notifications/read", (c) => {
    const { db, clock } = c.get("deps");
    markAllNotificationsRead(db, currentUser(c).id, clock());
    return c.redirect("/notifications", 303);
  });

  return app;
}
