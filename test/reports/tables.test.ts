import { describe, expect, test } from "bun:test";
import type { Db } from "../../src/db/open.ts";
import { migrate } from "../../src/db/migrate.ts";
import { write } from "../../src/db/write.ts";
import { attachPhoneToLid } from "../../src/messaging/conversations-store.ts";
import { rebuildReportTables } from "../../src/messaging/report-tables.ts";
import { settle } from "../inbox/http-fixture.ts";
import { MINUTE, seededMorning } from "./fixture.ts";

/** Both report tables, in an order that does not depend on how their rows were written. */
function snapshot(db: Db) {
  return {
    openings: db
      .query(
        `SELECT conversation_id, channel_id, opened_at, first_in_at, reply_at, reply_by, resolved_at, resolved_by
         FROM conversation_openings ORDER BY conversation_id, opened_at, id`,
      )
      .all(),
    counts: db
      .query(
        "SELECT channel_id, quarter, direction, sender, n FROM message_counts ORDER BY channel_id, quarter, direction, sender",
      )
      .all(),
  };
}

describe("the report tables kept by triggers", () => {
  test("hold exactly what a rebuild from messages and status history gives, across every kind of write", async () => {
    const f = await seededMorning();
    const later = (minutes: number) => f.t.advance(minutes * MINUTE);
    const status = async (id: number, fields: Record<string, string>) => {
      const r = await f.post(`/inbox/c/${id}/status`, f.admin, fields);
      if (r.status >= 400) throw new Error(`status failed: ${r.status}`);
    };
    // B: pending, resolved, then reopened by the customer (that message is the new opening's first).
    later(5);
    await status(f.conv.B!, { status: "pending" });
    later(5);
    await status(f.conv.B!, { status: "resolved" });
    later(5);
    f.receive(f.sales, { peerPhone: "+447700900002", senderPhone: "+447700900002", timestamp: f.t.clock() });
    later(1);
    const r = await f.post(`/inbox/c/${f.conv.B}/send`, f.sam, {
      text: "Back again?",
      key: crypto.randomUUID(),
    });
    expect(r.status).toBe(200);
    await settle(f);
    // C: reopened by a person and resolved again before the customer wrote: their message belongs to
    // the opening it starts, not to the one that had none.
    later(5);
    await status(f.conv.C!, { status: "open" });
    later(5);
    await status(f.conv.C!, { status: "resolved" });
    later(5);
    f.receive(f.support, {
      peerPhone: "+447700900003",
      senderPhone: "+447700900003",
      timestamp: f.t.clock(),
    });
    // A message imported from the phone's history counts for nothing.
    f.receive(f.sales, {
      peerPhone: "+447700900009",
      senderPhone: "+447700900009",
      history: true,
      timestamp: f.t.clock() - 86_400_000,
    });
    // A LID conversation merged into the phone's: its messages move, and so do its openings.
    later(5);
    f.receive(f.sales, {
      chatJid: "99887766@lid",
      peerPhone: null,
      senderPhone: null,
      peerLid: "99887766@lid",
      senderLid: "99887766@lid",
      timestamp: f.t.clock(),
    });
    write(f.t.db, () => attachPhoneToLid(f.t.db, f.sales, "99887766@lid", "+447700900001"));

    const kept = snapshot(f.t.db);
    expect(kept.openings.length).toBeGreaterThanOrEqual(7);
    rebuildReportTables(f.t.db);
    expect(snapshot(f.t.db)).toEqual(kept);
  });

  test("the comparison notices a table that drifted", async () => {
    const f = await seededMorning();
    const kept = snapshot(f.t.db);
    f.t.db.query("UPDATE conversation_openings SET reply_at = NULL WHERE conversation_id = ?").run(f.conv.A!);
    f.t.db.query("UPDATE message_counts SET n = n + 1 WHERE direction = 'inbound'").run();
    expect(snapshot(f.t.db)).not.toEqual(kept);
    rebuildReportTables(f.t.db);
    expect(snapshot(f.t.db)).toEqual(kept);
  });

  test("the migration fills them for the conversations a database already has", async () => {
    const f = await seededMorning();
    const kept = snapshot(f.t.db);
    // As the database was before migration 0028: no tables, no triggers.
    const triggers = f.t.db
      .query<{ name: string }, []>(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (sql LIKE '%conversation_openings%' OR sql LIKE '%message_counts%')",
      )
      .all();
    expect(triggers.length).toBe(6);
    for (const t of triggers) f.t.db.exec(`DROP TRIGGER ${t.name}`);
    f.t.db.exec(`DROP TABLE conversation_openings; DROP TABLE message_counts;
      DELETE FROM schema_migrations WHERE version = 28`);
    expect(migrate(f.t.db)).toEqual([28]);
    expect(snapshot(f.t.db)).toEqual(kept);
    expect(kept.openings.length).toBe(4);
  });
});
