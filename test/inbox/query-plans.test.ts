import { describe, expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { listConversations } from "../../src/messaging/store.ts";
import { searchConversations } from "../../src/messaging/search.ts";
import { plansOf, tableScans } from "../helpers/query-plan.ts";
import { statusCounts } from "../../src/messaging/status.ts";
import { makeChannel } from "./fixtures.ts";

/**
 * The inbox's searches and filters must read indexes whose cost follows the matches, never every
 * conversation: each of these read the whole table (64–1,300 ms at 1M–5M messages).
 */
function setup() {
  const db = openDatabase(":memory:");
  migrate(db);
  const channels = [makeChannel(db, "+14155550100"), makeChannel(db, "+14155550200")];
  return { db, channels };
}

const planOf = (t: ReturnType<typeof setup>, fn: () => unknown) => plansOf(t.db, fn).plans;

describe("inbox searches and filters read indexes, not every conversation", () => {
  for (const q of ["invoice", "hotel room"]) {
    test(`searching for "${q}" looks names up in their trigram index, with no pass over all conversations`, () => {
      const t = setup();
      const plans = planOf(t, () => searchConversations(t.db, t.channels, q, 1, 20));
      expect(tableScans(plans)).toEqual([]);
      expect(plans.join("\n")).toContain("SCAN conversations_names VIRTUAL TABLE");
      expect(plans.join("\n")).not.toContain("SCAN conversations USING");
    });
  }

  test("a phone number is looked up in the phone index, not by walking each channel's conversations", () => {
    const t = setup();
    const plans = planOf(t, () => searchConversations(t.db, t.channels, "+44 7700 900", 1, 20));
    expect(plans).toContain(
      "SEARCH conversations USING INDEX conversations_by_peer_phone (peer_phone>? AND peer_phone<?)",
    );
    expect(plans.join("\n")).not.toContain("conversations_by_channel_recent");
  });

  test("the Unread filter with little unread starts from the user's unread rows", () => {
    const t = setup();
    const plans = planOf(t, () =>
      listConversations(t.db, { channelIds: t.channels, userId: 1, unread: true, limit: 50 }),
    );
    expect(plans.join("\n")).toContain("SEARCH u USING PRIMARY KEY (user_id=?)");
    expect(tableScans(plans)).toEqual([]);
    expect(plans.join("\n")).not.toContain("conversations_by_channel_recent");
  });
});

describe("names are found through their index as they were before, anywhere in the name", () => {
  test("a part of a name, without accents or case, follows renames; two letters search recent chats", () => {
    const t = setup();
    const conv = (title: string, at: number) =>
      Number(
        t.db
          .query(
            "INSERT INTO conversations (channel_id, chat_jid, kind, title, last_message_id, last_message_at, created_at) VALUES (?, ?, 'direct', ?, 1, ?, 0) RETURNING id",
          )
          .run(t.channels[0]!, `${at}@s.whatsapp.net`, title, at).lastInsertRowid,
      );
    const joanne = conv("Joanne Café", 2);
    const bo = conv("Bo", 1);
    const names = (q: string) => searchConversations(t.db, t.channels, q, 1, 20).map((c) => c.id);
    expect(names("ANNE")).toEqual([joanne]);
    expect(names("cafe")).toEqual([joanne]);
    expect(names('e "C')).toEqual([]);
    expect(names("bo")).toEqual([bo]);
    t.db.query("UPDATE conversations SET title = 'Joan Smith' WHERE id = ?").run(joanne);
    expect(names("anne")).toEqual([]);
    expect(names("smith")).toEqual([joanne]);
    t.db.query("DELETE FROM conversations WHERE id = ?").run(joanne);
    expect(names("smith")).toEqual([]);
  });
});

describe("the status tabs read the status index", () => {
  const t = () => setup();
  for (const status of ["open", "resolved"] as const)
    test(`the ${status} tab walks each channel's ${status} conversations in the status index, newest first`, () => {
      const s = t();
      const plans = planOf(s, () =>
        listConversations(s.db, { channelIds: s.channels, userId: 1, status, limit: 50 }),
      );
      expect(plans).toContain(
        "SEARCH c USING INDEX conversations_by_status_recent (channel_id=? AND status=?)",
      );
      expect(tableScans(plans)).toEqual([]);
      expect(plans.join("\n")).not.toContain("conversations_by_channel_recent");
    });

  test("the counts per status read only the status index, a bounded range of it", () => {
    const s = t();
    const plans = planOf(s, () => statusCounts(s.db, s.channels));
    expect([...new Set(plans)]).toEqual([
      "CO-ROUTINE (subquery-1)",
      "SEARCH conversations USING INDEX conversations_by_status_recent (channel_id=? AND status=?)",
      "SCAN (subquery-1)",
    ]);
  });
});
