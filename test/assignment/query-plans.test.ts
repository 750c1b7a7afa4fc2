import { describe, expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { listConversations } from "../../src/messaging/store.ts";
import { statusCounts } from "../../src/messaging/status.ts";
import { lastAutoAssignee, openCounts } from "../../src/messaging/assignment.ts";
import { plansOf, tableScans } from "../helpers/query-plan.ts";
import { makeChannel } from "../inbox/fixtures.ts";

/** Mine, a team's list, their counts and auto-assignment's lookups each read an index, never the table. */
describe("assignment queries read an index", () => {
  const db = openDatabase(":memory:");
  migrate(db);
  const channels = [makeChannel(db, "+14155550100"), makeChannel(db, "+14155550101")];

  test.each([
    [
      "Mine",
      () => listConversations(db, { channelIds: channels, userId: 1, mine: true, limit: 50 }),
      "conversations_by_assignee",
    ],
    [
      "a team",
      () => listConversations(db, { channelIds: channels, userId: 1, teamId: 2, limit: 50 }),
      "conversations_by_team",
    ],
    [
      "Unassigned",
      () =>
        listConversations(db, {
          channelIds: channels,
          userId: 1,
          unassigned: true,
          status: "open",
          limit: 50,
        }),
      "conversations_by_status_recent",
    ],
    [
      "Mine's counts",
      () => statusCounts(db, channels, { assigneeId: 1 }),
      "conversations_by_assignee_status",
    ],
    ["a team's counts", () => statusCounts(db, channels, { teamId: 2 }), "conversations_by_team"],
    ["the open count behind a limit", () => openCounts(db, [1, 2]), "conversations_by_assignee_status"],
    [
      "the round-robin's last turn",
      () => lastAutoAssignee(db, channels[0]!),
      "conversation_assignments_auto",
    ],
  ] as const)("%s", (_name, run, index) => {
    const { plans } = plansOf<unknown>(db, run);
    expect(tableScans(plans)).toEqual([]);
    expect(plans.join("\n")).toContain(index);
  });
});
