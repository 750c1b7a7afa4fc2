import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeServices } from "../webhooks/fixtures.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import type { LiveEvent } from "../../src/messaging/live-hub.ts";

function fileServices() {
  const dir = mkdtempSync(join(tmpdir(), "pb-intake-"));
  const s = makeServices({ dbPath: join(dir, "p.db") });
  return { ...s, path: join(dir, "p.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const count = (db: { query: Database["query"] }, sql: string) => db.query<{ n: number }, []>(sql).get()!.n;

describe("group commit of live messages", () => {
  test("messages that arrive together share one commit; listeners hear of them after it, all at once", async () => {
    const s = fileServices();
    try {
      const channel = makeChannel(s.db, "+14155550100");
      // What an after-commit listener can read when it hears of the first message of the batch.
      const seenAtFirstEvent: number[] = [];
      s.services.events.on("message.stored", "afterCommit", () => {
        seenAtFirstEvent.push(count(s.db, "SELECT count(*) AS n FROM messages"));
      });
      const live: LiveEvent[] = [];
      s.services.hub.subscribe((e) => live.push(e));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          s.services.intake.submit(
            inbound(channel, { peerPhone: `+4477009001${String(i).padStart(2, "0")}` }),
          ),
        ),
      );
      expect(results.every((r) => r.stored)).toBe(true);
      expect(seenAtFirstEvent[0]).toBe(20);
      expect(live.filter((e) => e.type === "message")).toHaveLength(20);
    } finally {
      s.db.close();
      s.cleanup();
    }
  });

  test("a caller hears 'stored' only once another connection can read the message", async () => {
    const s = fileServices();
    try {
      const channel = makeChannel(s.db, "+14155550100");
      const other = new Database(s.path, { readonly: true });
      const m = inbound(channel, { text: "durable before the answer" });
      const result = await s.services.intake.submit(m);
      expect(result.stored).toBe(true);
      expect(
        other.query<{ text: string }, [string]>("SELECT text FROM messages WHERE wa_id = ?").get(m.waId)
          ?.text,
      ).toBe("durable before the answer");
      other.close();
    } finally {
      s.db.close();
      s.cleanup();
    }
  });

  test("a batch is committed with synchronous=FULL (WhatsApp will not send it again); other writes keep NORMAL", async () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    const sync = () => s.db.query<{ synchronous: number }, []>("PRAGMA synchronous").get()!.synchronous;
    const during: number[] = [];
    s.services.events.on("message.stored", "inTransaction", () => void during.push(sync()));
    await s.services.intake.submit(inbound(channel));
    expect(during).toEqual([2]);
    expect(sync()).toBe(1);
  });

  test("a message that fails is rolled back alone: the rest of its batch is stored", async () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    s.db.run(
      "CREATE TRIGGER broken BEFORE INSERT ON messages WHEN NEW.text = 'the pipe burst' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    const before = inbound(channel, { peerPhone: "+447700900201", text: "first" });
    const bad = inbound(channel, { peerPhone: "+447700900202", text: "the pipe burst" });
    const after = inbound(channel, { peerPhone: "+447700900203", text: "third" });
    const outcomes = await Promise.allSettled([before, bad, after].map((m) => s.services.intake.submit(m)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe("disk I/O error");
    expect(s.db.query<{ text: string }, []>("SELECT text FROM messages ORDER BY id").all()).toEqual([
      { text: "first" },
      { text: "third" },
    ]);
    // Its conversation (written before the failing insert) went with it.
    expect(count(s.db, "SELECT count(*) AS n FROM conversations WHERE peer_phone = '+447700900202'")).toBe(0);
  });

  test("the same WhatsApp id twice in one batch is stored once", async () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    const m = inbound(channel);
    const [a, b] = await Promise.all([s.services.intake.submit(m), s.services.intake.submit({ ...m })]);
    expect([a.stored, b.stored]).toEqual([true, false]);
    expect(count(s.db, "SELECT count(*) AS n FROM messages")).toBe(1);
  });

  test("flush stores what is waiting at once (before a later event of the channel is written)", () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    const m = inbound(channel);
    void s.services.intake.submit(m);
    expect(count(s.db, "SELECT count(*) AS n FROM messages")).toBe(0);
    s.services.intake.flush();
    expect(count(s.db, "SELECT count(*) AS n FROM messages")).toBe(1);
  });
});
