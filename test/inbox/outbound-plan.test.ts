import { expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { failInterruptedSends, queuedMessages } from "../../src/messaging/outbound-store.ts";

test("start-up finds queued and interrupted sends through their own small index, not by reading every message", () => {
  const db = openDatabase(":memory:");
  migrate(db);
  const plans: string[] = [];
  const original = db.query.bind(db);
  // Record the plan of each statement these start-up functions run.
  (db as { query: typeof db.query }).query = ((sql: string) => {
    plans.push(
      ...original(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => (r as { detail: string }).detail),
    );
    return original(sql);
  }) as typeof db.query;
  expect(queuedMessages(db)).toEqual([]);
  expect(failInterruptedSends(db)).toEqual([]);
  expect(plans).toEqual([
    "SEARCH messages USING INDEX messages_outbound_in_flight (status=?)",
    "SEARCH messages USING INDEX messages_outbound_in_flight (status=?)",
  ]);
});
