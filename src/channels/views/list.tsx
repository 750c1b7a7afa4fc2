import { Layout } from "../../ui/layout.tsx";
import type { Notice } from "../lifecycle.ts";
import { Time } from "../../ui/components/time.tsx";
import { ChannelActions } from "./actions.tsx";
import { NoticeBox, ChannelStatusBadge, statusDetail } from "./status.tsx";
import type { ChannelRow } from "../store.ts";
import { ButtonLink, PageHead } from "../../ui/components/page-head.tsx";
import { hx } from "../../ui/htmx.ts";

export type ChannelListItem = { ch: ChannelRow; accessText: string };

/** The table rows; refetched whenever the event stream says a channel changed. */
export function ChannelRows(p: { items: ChannelListItem[]; manage: boolean; demo: boolean }) {
  if (p.items.length === 0) {
    return (
      <tr>
        <td colspan={5} class="empty">
          {p.manage ? "No WhatsApp numbers yet. Add one to start." : "No channels are shared with you yet."}
        </td>
      </tr>
    );
  }
  return (
    <>
      {p.items.map(({ ch, accessText }) => (
        <tr id={`channel-${ch.id}`} data-channel={String(ch.id)}>
          <td class="channel-cell">
            <a href={`/channels/${ch.id}`} class="channel-name">
              {ch.name || ch.phone_e164}
            </a>
            {ch.name ? <div class="muted mono">{ch.phone_e164}</div> : null}
          </td>
          <td class="status-cell">
            <ChannelStatusBadge ch={ch} />
            {statusDetail(ch) ? <div class="muted status-reason">{statusDetail(ch)}</div> : null}
            {ch.status === "pending" && p.manage ? (
              <div>
                <a href={`/channels/${ch.id}`}>Show QR</a>
              </div>
            ) : null}
          </td>
          <td class="last-activity" data-label="Last activity">
            <Time at={ch.last_activity_at} />
          </td>
          <td class="access-cell" data-label="Access">
            {accessText}
          </td>
          <td class="actions-cell">
            {p.manage ? (
              <ChannelActions ch={ch} from="list" demo={p.demo} />
            ) : (
              <a href={`/inbox?channel=${ch.id}`}>Open inbox</a>
            )}
          </td>
        </tr>
      ))}
    </>
  );
}

export function ChannelsPage(p: {
  items: ChannelListItem[];
  manage: boolean;
  demo: boolean;
  notice?: Notice | undefined;
}) {
  return (
    <Layout title="Channels" nav="channels">
      <PageHead
        title="Channels"
        actions={p.manage ? <ButtonLink href="/channels/new">Add WhatsApp number</ButtonLink> : null}
      />
      <NoticeBox notice={p.notice} />
      <div id="channels-live" class="table-wrap" {...hx({ "sse:connect": "/channels/events" })}>
        <table class="channels stack-on-phone">
          <thead>
            <tr>
              <th>Channel</th>
              <th>Status</th>
              <th>Last activity</th>
              <th>Access</th>
              <th></th>
            </tr>
          </thead>
          <tbody
            id="channel-rows"
            {...hx({
              get: "/channels/rows",
              trigger: "channel-changed from:#channels-live throttle:300ms, every 15s",
              swap: "innerHTML",
            })}
          >
            <ChannelRows items={p.items} manage={p.manage} demo={p.demo} />
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
