import { ChannelStatusBadge } from "../../channels/views/status.tsx";
import type { ChannelRow } from "../../channels/store.ts";

export type HeaderChannel = Pick<
  ChannelRow,
  "id" | "name" | "phone_e164" | "status" | "status_reason" | "last_error" | "last_error_at" | "deleted_at"
>;

/** The channel's status at the top of a conversation; pushed again over SSE when it changes. */
export function ChannelStatusSlot(p: { channel: HeaderChannel }) {
  return (
    <span id={`chan-status-${p.channel.id}`} class="chan-status">
      {p.channel.deleted_at !== null ? (
        <span class="badge status-disconnected">Deleted channel</span>
      ) : (
        <ChannelStatusBadge ch={p.channel} />
      )}
    </span>
  );
}
