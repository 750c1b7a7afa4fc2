import { hx } from "../../ui/htmx.ts";
import { Icon } from "../../ui/icons/icon.tsx";

/**
 * How often an open page asks for the bell again (also whenever its window regains focus, and at
 * once when an inbox tab's live stream says a conversation changed, an assignment say).
 */
export const BELL_REFRESH = "every 30s, focus from:window, bell-changed from:body";

/**
 * The bell in the top bar: the unread count links to the notifications page. It refreshes itself
 * (a small GET swapped in place) every 30 s and when the tab comes back into focus, so a workflow's
 * notification shows without reloading; polling rather than another event stream keeps each tab
 * to the one stream its page already holds (browsers allow only six connections per server).
 */
export function NotificationBell({ count }: { count: number }) {
  return (
    <a
      href="/notifications"
      id="bell"
      class={count ? "bell has-unread" : "bell"}
      aria-label={count ? `Notifications: ${count} unread` : "Notifications"}
      title="Notifications"
      {...hx({ get: "/notifications/bell", trigger: BELL_REFRESH, swap: "outerHTML" })}
    >
      <Icon name="bell" size={18} />
      {count ? <span class="bell-count">{count > 99 ? "99+" : count}</span> : null}
    </a>
  );
}
