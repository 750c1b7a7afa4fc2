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
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" /></svg>{count ? <span class="bell-count">{count > 99 ? "99+" : count}</span> : null}
    </a>
  );
}
