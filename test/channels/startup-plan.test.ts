import { expect, test } from "bun:test";
import { interruptedDownloads } from "../../src/messaging/media-state.ts";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { plansOf, tableScans } from "../helpers/query-plan.ts";

test("start-up finds interrupted downloads through the pending-media index, not by reading every message", () => {
  const db = openDatabase(":memory:");
  migrate(db);
  const { result, plans } = plansOf(db, () => interruptedDownloads(db));
  expect(result).toEqual([]);
  expect(plans).toContain("SEARCH messages USING INDEX messages_media_pending (media_status=?)");
  expect(tableScans(plans)).toEqual([]);
});
