import { Layout } from "../../ui/layout.tsx";
import { CsrfField } from "../../ui/components/form.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { NotificationRow } from "../store.ts";

export function NotificationsPage(p: { items: NotificationRow[] }) {
  const unread = p.items.filter((n) => n.read_at === null).length;
  return (
    <Layout title="Notifications">
      <div class="page-head">
        <h1>Notifications</h1>
        {unread ? (
          <form method="post" action="/notifications/read">
            <CsrfField />
            <button type="submit" class="secondary small">
              Mark all as read
            </button>
          </form>
        ) : null}
      </div>
      <ul class="notifications">
        {p.items.length === 0 ? (
          <li class="empty">Nothing yet. Workflows with a Notify step send notifications here.</li>
        ) : null}
        {p.items.map((n) => (
          <li class={n.read_at === null ? "notification unread" : "notification"}>
            <form method="post" action={`/notifications/${n.id}/open`}>
              <CsrfField />
              <button type="submit" class="link notification-title">
                {n.title}
              </button>
            </form>
            {n.body ? <div>{n.body}</div> : null}
            <small class="muted">
              <Time at={n.created_at} />
              {n.read_at === null ? " · new" : ""}
            </small>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
