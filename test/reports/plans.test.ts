import { expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { buildReport } from "../../src/reports/compute.ts";
import { parseRange } from "../../src/reports/range.ts";
import { plansOf, tableScans } from "../helpers/query-plan.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { createIngest } from "../../src/messaging/ingest.ts";
import { setConversationStatus } from "../../src/messaging/status.ts";

/** At a million messages a report must read index ranges only: no pass over messages or conversations. */
test("a report reads index ranges of its own tables: openings by channel and time, quarter-hour counts", () => {
  const db = openDatabase(":memory:");
  migrate(db);
  const channel = makeChannel(db);
  const now = Date.UTC(2026, 0, 15, 9);
  const ingest = createIngest({ db, clock: () => now, link: () => [] });
  const stored = ingest.ingest(inbound(channel, { timestamp: now }));
  if (!stored.stored) throw new Error("not stored");
  setConversationStatus(db, [stored.conversationId], { status: "resolved" }, null, now + 1);
  const { range } = parseRange({ range: "today" }, now);
  const { plans, result } = plansOf(db, () =>
    buildReport(db, [{ id: channel, name: "Sales" }], new Map(), range),
  );
  expect(result.total).toMatchObject({ opened: 1, resolved: 1, messagesIn: 1 });
  expect(tableScans(plans)).toEqual([]);
  const text = plans.join("\n");
  expect(text).toContain(
    "USING COVERING INDEX conversation_openings_by_opened (channel_id=? AND opened_at>? AND opened_at<?)",
  );
  expect(text).toContain(
    "USING COVERING INDEX conversation_openings_by_resolved (channel_id=? AND resolved_at>? AND resolved_at<?)",
  );
  expect(text).toContain(
    "SEARCH message_counts USING PRIMARY KEY (channel_id=? AND quarter>? AND quarter<?)",
  );
  // Nothing reads the messages or the status history themselves.
  expect(text).not.toMatch(/\b(messages|conversation_status_changes|conversations)\b/);
});
