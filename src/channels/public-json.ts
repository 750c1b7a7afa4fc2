import { iso } from "../messaging/public-json.ts";
import type { ChannelJson } from "../messaging/public-schemas.ts";
import type { ChannelRow } from "./store.ts";
import type { ChannelOptions } from "./options-store.ts";

/** The channel columns the API and webhooks show. */
export type ChannelInfo = Pick<
  ChannelRow,
  | "id"
  | "name"
  | "phone_e164"
  | "status"
  | "status_reason"
  | "last_error"
  | "last_error_at"
  | "last_activity_at"
  | "qr"
  | "qr_at"
  | "updated_at"
  | "deleted_at"
> &
  ChannelOptions;

/** A channel as the REST API and webhook payloads show it. */
export function channelJson(ch: ChannelInfo): ChannelJson {
  return {
    id: ch.id,
    name: ch.name,
    phone: ch.phone_e164,
    status: ch.status,
    status_reason: ch.status_reason,
    last_error: ch.last_error,
    last_error_at: iso(ch.last_error_at),
    last_activity_at: iso(ch.last_activity_at),
    deleted: ch.deleted_at !== null,
    read_receipts: ch.send_read_receipts === 1,
    typing: ch.send_typing === 1,
    reject_calls: ch.reject_calls === 1,
    pairing_problem: ch.pairing_problem === "passkey" ? "passkey" : "",
  };
}
