import { describe, expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { listConversations } from "../../src/messaging/store.ts";
import { makeChannel } from "./fixtures.ts";
import { createLabel } from "../../src/messaging/labels.ts";

/**
 * The Groups filter must walk an index of group conversations, not every conversation of the
 * channel: with 100,000 direct chats and no group it read them all (~100 ms a page).
 */
describe("list filters read an index", () => {
  test("the Groups filter walks the group conversations of each channel, newest first, without sorting them all", () => {
    const db = openDatabase(":memory:");
    migrate(db);
    const channel = makeChannel(db);
    // Capture the SQL the list really runs, then ask SQLite how it would run it.
    let sql = "";
    const query = db.query.bind(db);
    db.query = ((s: string) => {
      sql = s;
      return query(s);
    }) as typeof db.query;
    listConversations(db, { channelIds: [channel], userId: 1, groups: true, limit: 50 });
    db.query = query;
    const plan = query<{ detail: string }, Record<string, number>>(`EXPLAIN QUERY PLAN ${sql}`)
      .all({ user: 1, limit: 50 })
      .map((r) => r.detail)
      .join("\n");
    expect(plan).toContain("USING INDEX conversations_groups_by_channel_recent");
  });

  test("a label filter starts from the label's conversations, not a walk of every conversation", () => {
    const db = openDatabase(":memory:");
    migrate(db);
    const channel = makeChannel(db);
    const label = createLabel(db, "VIP", "purple", 0);
    if (!label.ok) throw new Error("seed");
    let sql = "";
    const query = db.query.bind(db);
    db.query = ((s: string) => {
      sql = s;
      return query(s);
    }) as typeof db.query;
    listConversations(db, { channelIds: [channel], userId: 1, labelId: label.label.id, limit: 50 });
    db.query = query;
    const plan = query<{ detail: string }, Record<string, number>>(`EXPLAIN QUERY PLAN ${sql}`)
      .all({ user: 1, limit: 50, label: label.label.id })
      .map((r) => r.detail)
      .join("\n");
    expect(plan).toContain("conversation_labels_by_label");
    expect(plan).not.toContain("conversations_by_channel_recent");
  });
});
