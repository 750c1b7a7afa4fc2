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
test("a report reads index ranges: messages by channel and time, conversations by channel, changes by time", () => {
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
    "USING COVERING INDEX messages_for_reports (channel_id=? AND created_at>? AND created_at<?)",
  );
  expect(text).toContain(
    "USING COVERING INDEX conversations_by_channel_created (channel_id=? AND created_at>? AND created_at<?)",
  );
  expect(text).toContain("SEARCH s USING INDEX conversation_status_changes_by_time (at>? AND at<?)");
  expect(text).toContain(
    "USING COVERING INDEX messages_by_conversation_stored (conversation_id=? AND created_at>? AND created_at<?)",
  );
  // Each conversation is reached by its id from a change in the range, never by walking a channel's list.
  expect(text).not.toMatch(/conversations_by_channel_created \(channel_id=\?\)/);
});
