import { Layout } from "../../ui/layout.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { NotificationRow } from "../store.ts";
import { PostButton } from "../../ui/components/post-button.tsx";

export function NotificationsPage(p: { items: NotificationRow[] }) {
  const unread = p.items.filter((n) => n.read_at === null).length;
  return (
    <Layout title="Notifications">
      <div class="page-head">
        <h1>Notifications</h1>
        {unread ? (
          <PostButton action="/notifications/read" buttonClass="secondary small">
            Mark all as read
          </PostButton>
        ) : null}
      </div>
      <ul class="notifications">
        {p.items.length === 0 ? (
          <li class="empty">Nothing yet. Workflows with a Notify step send notifications here.</li>
        ) : null}
        {p.items.map((n) => (
          <li class={n.read_at === null ? "notification unread" : "notification"}>
            <PostButton action={`/notifications/${n.id}/open`} buttonClass="link notification-title">
              {n.title}
            </PostButton>
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
