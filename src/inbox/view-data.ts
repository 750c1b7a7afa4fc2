import type { Db } from "../db/open.ts";
import type { MessageRow } from "./types.ts";

/** The messages quoted by a page of messages, fetched in one query so each bubble can show its quote. */
export function quotedMessages(db: Db, channelId: number, messages: MessageRow[]): Map<string, MessageRow> {
  const ids = [...new Set(messages.map((m) => m.quoted_wa_id).filter((x): x is string => !!x))];
  if (ids.length === 0) return new Map();
  const rows = db
    .query<MessageRow, (string | number)[]>(`SELECT * FROM messages WHERE channel_id = ? AND wa_id IN (${ids.map(() => "?").join(",")})`)
    .all(channelId, ...ids);
  return new Map(rows.map((r) => [r.wa_id!, r]));
}

export function cursorOf(value: string | undefined): { at: number; id: number } | null {
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(value ?? "");
  return m ? { at: Number(m[1]), id: Number(m[2]) } : null;
}
