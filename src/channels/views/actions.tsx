import { hx } from "../../ui/htmx.ts";
import type { Child } from "hono/jsx";
import { CsrfField } from "../../ui/components/form.tsx";
import { channelLabel, type ChannelRow } from "../store.ts";

/** Where an action's redirect goes back to: the list or the channel's own page. */
export type ActionOrigin = "list" | "page";

function ActionForm(p: {
  ch: ChannelRow;
  action: string;
  label: string;
  from: ActionOrigin;
  kind?: "primary" | "secondary" | "danger";
  confirm?: string;
  live?: boolean;
  /** Fields sent with the action, before its button. */
  children?: Child;
}) {
  const url = `/channels/${p.ch.id}/${p.action}`;
  // A live action stays on the page: its answer is a notice, and the status follows by itself.
  const live = p.live ? hx({ post: url, target: "#action-notice", swap: "innerHTML" }) : {};
  return (
    <form method="post" action={url} data-confirm={p.confirm} class="action-form" {...live}>
      <CsrfField />
      <input type="hidden" name="from" value={p.from} />
      {p.children}
      <button
        type="submit"
        class={p.kind === "primary" ? "small" : `small ${p.kind ?? "secondary"}`}
        data-action={p.action}
      >
        {p.label}
      </button>
    </form>
  );
}

/**
 * The actions a channel manager has on a channel, offered where they make sense for its status.
 * Plain forms that redirect back with a notice. On the channel page Check status, Refresh QR and the
 * demo Scan stay on the page: the answer is a notice, and the new code or status arrives through the
 * live stream, as it does when a real phone scans.
 */
export function ChannelActions(p: { ch: ChannelRow; from: ActionOrigin; demo: boolean }) {
  const { ch, from } = p;
  const label = channelLabel(ch);
  return (
    <div class="actions channel-actions">
      <ActionForm ch={ch} action="check" label="Check status" from={from} live={from === "page"} />
      {ch.status === "pending" || ch.status === "disconnected" ? (
        <ActionForm ch={ch} action="refresh-qr" label="Refresh QR" from={from} live={from === "page"} />
      ) : null}
      {p.demo && ch.status === "pending" ? (
        <ActionForm
          ch={ch}
          action="scan"
          label="Scan (demo)"
          from={from}
          kind="primary"
          live={from === "page"}
        >
          {/* Anyone holding the code can scan it: try a stranger's phone, which the channel refuses. */}
          {from === "page" ? (
            <input
              type="tel"
              name="as_phone"
              class="small"
              placeholder="as number (optional)"
              aria-label="Scan as phone number (optional; empty for the channel's own)"
              autocomplete="off"
              maxlength={40}
            />
          ) : null}
        </ActionForm>
      ) : null}
      <a class="button small secondary" href={`/channels/${ch.id}/edit`}>
        Edit
      </a>
      <a class="button small secondary" href={`/channels/${ch.id}/hours`}>
        Business hours
      </a>
      {ch.status === "connected" || ch.status === "error" ? (
        <ActionForm
          ch={ch}
          action="logout"
          label="Logout"
          from={from}
          confirm={`Sign ${label} out of WhatsApp? It stops sending and receiving until it is paired again.`}
        />
      ) : null}
      {ch.status === "disconnected" || ch.status === "error" ? (
        <ActionForm ch={ch} action="reconnect" label="Reconnect" from={from} />
      ) : null}
      <ActionForm
        ch={ch}
        action="delete"
        label="Delete"
        from={from}
        kind="danger"
        confirm={`Delete ${label}? Its session is removed; past conversations stay readable in the inbox, marked as from a deleted channel.`}
      />
    </div>
  );
}
