import { Time } from "../../ui/components/time.tsx";
import type { ChannelRow, ChannelStatus } from "../store.ts";

export const STATUS_LABELS: Record<ChannelStatus, string> = {
  pending: "Pending",
  connected: "Connected",
  disconnected: "Disconnected",
  error: "Error",
};

/** Why the channel is in its state, in a line: the last error for Error, the reason otherwise. */
export function statusDetail(
  ch: Pick<ChannelRow, "status" | "status_reason" | "last_error" | "last_error_at">,
): string {
  if (ch.status === "error") {
    const at = ch.last_error_at
      ? ` (${new Date(ch.last_error_at).toISOString().slice(0, 16).replace("T", " ")} UTC)`
      : "";
    return `${ch.last_error || ch.status_reason || "Unknown error"}${at}`;
  }
  return ch.status_reason;
}

/**
 * The status badge; hovering it shows why (the last error and its time, for Error). Other features
 * (the inbox header) show a channel's status with this same badge.
 */
export function ChannelStatusBadge(p: {
  ch: Pick<ChannelRow, "status" | "status_reason" | "last_error" | "last_error_at">;
}) {
  const detail = statusDetail(p.ch);
  return (
    <span class={`badge status-${p.ch.status}`} data-status={p.ch.status} title={detail || undefined}>
      {STATUS_LABELS[p.ch.status]}
    </span>
  );
}

/** Status, its reason and last activity, as the channel page and list show them. */
export function StatusLine(p: { ch: ChannelRow }) {
  const detail = statusDetail(p.ch);
  return (
    <div class="channel-status">
      <ChannelStatusBadge ch={p.ch} />
      {p.ch.status === "error" ? (
        // Open: the page refreshes itself, and a closed box would snap shut under the reader each time.
        <details class="status-error-detail" open>
          <summary>Last error</summary>
          <p>{p.ch.last_error || p.ch.status_reason || "Unknown error"}</p>
          <p class="muted">
            At <Time at={p.ch.last_error_at} empty="an unknown time" />
          </p>
        </details>
      ) : detail ? (
        <span class="muted status-reason">{detail}</span>
      ) : null}
      <span class="muted last-activity">
        Last activity: <Time at={p.ch.last_activity_at} />
      </span>
      {p.ch.restricted_until !== null ? (
        <p class="alert alert-error restriction" role="status">
          WhatsApp restricts this number until <Time at={p.ch.restricted_until} />: it can answer chats that
          are already open, but not start new ones. Messages to new contacts fail until then.
        </p>
      ) : null}
    </div>
  );
}

/** The line an action leaves behind: green when it worked, red when it did not. */
export function NoticeBox(p: { notice: { text: string; error?: boolean } | undefined }) {
  if (!p.notice) return null;
  return (
    <p
      class={p.notice.error ? "alert alert-error" : "alert alert-ok"}
      role={p.notice.error ? "alert" : "status"}
      id="notice"
    >
      {p.notice.text}
    </p>
  );
}
