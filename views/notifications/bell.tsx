import { requestContext } from "../context.ts";
import { unreadNotificationCount } from "../../src/notifications/store.ts";

/** The bell in the top bar: the unread count links to the notifications page. */
export function NotificationBell() {
  const c = requestContext();
  const user = c.get("user");
  if (!user) return null;
  const count = unreadNotificationCount(c.get("deps").db, user.id);
  return (
    <a href="/notifications" class={count ? "bell has-unread" : "bell"} aria-label={count ? `Notifications: ${count} unread` : "Notifications"} title="Notifications">
      <span aria-hidden="true">🔔</span>{count ? <span class="bell-count">{count > 99 ? "99+" : count}</span> : null}
    </a>
  );
}
