import { describe, expect, test } from "bun:test";
import { bubblePlaces, dayLabel } from "../../src/inbox/views/day-separator.tsx";
import type { MessageRow } from "../../src/messaging/types.ts";

const NOW = Date.UTC(2026, 11, 2, 15, 0); // a Wednesday
const msg = (id: number, at: number, over: Partial<MessageRow> = {}) =>
  ({
    id,
    wa_timestamp: at,
    direction: "inbound",
    sender_phone: "+447700900123",
    sender_name: "Ann",
    ...over,
  }) as MessageRow;

describe("day separators and grouped bubbles (the no-script fallback, in UTC)", () => {
  test("a day is Today, Yesterday, its weekday within the week, else its date", () => {
    expect(dayLabel(NOW - 60_000, NOW)).toBe("Today");
    expect(dayLabel(Date.UTC(2026, 11, 1, 23, 59), NOW)).toBe("Yesterday");
    expect(dayLabel(Date.UTC(2026, 10, 28, 10), NOW)).toBe("Saturday");
    expect(dayLabel(Date.UTC(2026, 10, 20, 10), NOW)).toBe("20 Nov 2026");
  });

  test("a separator opens each day; bubbles group by sender within five minutes, never across a day", () => {
    const places = bubblePlaces([
      msg(1, Date.UTC(2026, 11, 1, 23, 58)),
      msg(2, Date.UTC(2026, 11, 2, 0, 1)),
      msg(3, Date.UTC(2026, 11, 2, 0, 4)),
      msg(4, Date.UTC(2026, 11, 2, 0, 5), { direction: "outbound" }),
      msg(5, Date.UTC(2026, 11, 2, 0, 6), { sender_phone: "+15550001" }),
      msg(6, Date.UTC(2026, 11, 2, 0, 30), { sender_phone: "+15550001" }),
      msg(7, Date.UTC(2026, 11, 2, 0, 31), { sender_phone: "+15550001", type: "call" }),
    ]);
    expect([...places.values()]).toEqual([
      { separator: true, continues: false },
      { separator: true, continues: false },
      { separator: false, continues: true },
      { separator: false, continues: false },
      { separator: false, continues: false },
      { separator: false, continues: false },
      { separator: false, continues: false },
    ]);
  });
});
