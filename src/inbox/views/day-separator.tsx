import type { MessageRow } from "../../messaging/types.ts";

/**
 * Day separators and grouped bubbles. The server draws them in UTC so a page without JavaScript has
 * them too; static/thread.js draws them again in the reader's own time zone (as every time in the app
 * is shown) and after live updates or older pages change the list.
 */

/** Consecutive bubbles from the same sender this close together are drawn as one group. */
export const GROUP_GAP_MS = 5 * 60_000;

/** Who a bubble is from, as far as grouping goes: us, or one sender in the chat. A call line stands alone. */
export function senderKey(
  m: Pick<MessageRow, "id" | "type" | "direction" | "sender_phone" | "sender_name">,
): string {
  if (m.type === "call") return `call:${m.id}`;
  return m.direction === "outbound" ? "out" : `in:${m.sender_phone ?? m.sender_name ?? ""}`;
}

const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** "Today", "Yesterday", a weekday within the last week, else the date (UTC: the no-script fallback). */
export function dayLabel(t: number, now: number): string {
  const days = Math.round((Date.parse(utcDay(now)) - Date.parse(utcDay(t))) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  const d = new Date(t);
  if (days > 1 && days < 7) return d.toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
  return d.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });
}

export type BubblePlace = { separator: boolean; continues: boolean };

/** For each message (oldest first): does a day begin with it, and does it continue the previous bubble's group? */
export function bubblePlaces(messages: MessageRow[]): Map<number, BubblePlace> {
  const places = new Map<number, BubblePlace>();
  let prev: MessageRow | null = null;
  for (const m of messages) {
    const separator = !prev || utcDay(prev.wa_timestamp) !== utcDay(m.wa_timestamp);
    const continues =
      !!prev &&
      !separator &&
      senderKey(prev) === senderKey(m) &&
      m.wa_timestamp - prev.wa_timestamp <= GROUP_GAP_MS;
    places.set(m.id, { separator, continues });
    prev = m;
  }
  return places;
}

/** The line between two days; static/thread.js relabels it (data-at) in the reader's time zone. */
export function DaySeparator(p: { at: number; now: number }) {
  return (
    <div class="day-sep" data-at={String(p.at)}>
      <span>{dayLabel(p.at, p.now)}</span>
    </div>
  );
}
