import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeServices } from "../webhooks/fixtures.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { findConversation } from "../../src/messaging/conversations-store.ts";
import { setConversationStatus, statusCounts, statusHistory } from "../../src/messaging/status.ts";
import type { DomainEvent } from "../../src/messaging/events.ts";

const HOUR = 60 * 60 * 1000;

describe("a conversation's status changes by itself", () => {
  for (const from of ["resolved", "snoozed"] as const)
    test(`a customer message reopens a ${from} conversation in the same write as the message`, () => {
      const s = makeServices();
      const channel = makeChannel(s.db, "+14155550100");
      const first = s.services.ingest.ingest(inbound(channel));
      if (!first.stored) throw new Error("not stored");
      setConversationStatus(
        s.db,
        [first.conversationId],
        { status: from, snoozedUntil: s.clock() + HOUR },
        null,
        s.clock(),
      );
      const seen: DomainEvent[] = [];
      s.services.events.on("conversation.status", "inTransaction", (e) => seen.push(e));
      s.services.ingest.ingest(inbound(channel));
      expect(findConversation(s.db, first.conversationId)).toMatchObject({
        status: "open",
        snoozed_until: null,
      });
      expect(statusHistory(s.db, first.conversationId).map((c) => [c.status, c.cause])).toEqual([
        [from, "user"],
        ["open", "customer"],
      ]);
      expect(seen.map((e) => e.type === "conversation.status" && e.change.cause)).toEqual(["customer"]);
    });

  test("a pending conversation stays pending when the customer writes; a message from us reopens nothing", () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    const first = s.services.ingest.ingest(inbound(channel));
    if (!first.stored) throw new Error("not stored");
    setConversationStatus(s.db, [first.conversationId], { status: "pending" }, null, s.clock());
    s.services.ingest.ingest(inbound(channel));
    expect(findConversation(s.db, first.conversationId)?.status).toBe("pending");
    setConversationStatus(s.db, [first.conversationId], { status: "resolved" }, null, s.clock());
    s.services.ingest.ingest(inbound(channel, { direction: "outbound", fromPhone: true }));
    expect(findConversation(s.db, first.conversationId)?.status).toBe("resolved");
  });

  test("a snooze ends at its time through the job runner, also after a restart (a new runner)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-snooze-"));
    try {
      const dbPath = join(dir, "pairbox.db");
      const before = makeServices({ dbPath });
      const channel = makeChannel(before.db, "+14155550100");
      const stored = before.services.ingest.ingest(inbound(channel));
      if (!stored.stored) throw new Error("not stored");
      const until = before.clock() + HOUR;
      setConversationStatus(
        before.db,
        [stored.conversationId],
        { status: "snoozed", snoozedUntil: until },
        null,
        before.clock(),
      );
      // Not yet due: nothing happens.
      await before.services.jobs.drain();
      expect(findConversation(before.db, stored.conversationId)?.status).toBe("snoozed");
      before.db.close();

      // "Restart": a new process over the same data, its clock past the snooze.
      const after = makeServices({ dbPath, now: until + 1000 });
      await after.services.jobs.drain();
      expect(findConversation(after.db, stored.conversationId)).toMatchObject({
        status: "open",
        snoozed_until: null,
      });
      expect(statusHistory(after.db, stored.conversationId).at(-1)).toMatchObject({
        status: "open",
        cause: "snooze_ended",
      });
      after.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a snooze changed before its time leaves the conversation as it now is when the old job runs", async () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    const stored = s.services.ingest.ingest(inbound(channel));
    if (!stored.stored) throw new Error("not stored");
    const now = s.clock();
    setConversationStatus(
      s.db,
      [stored.conversationId],
      { status: "snoozed", snoozedUntil: now + HOUR },
      null,
      now,
    );
    setConversationStatus(
      s.db,
      [stored.conversationId],
      { status: "snoozed", snoozedUntil: now + 3 * HOUR },
      null,
      now,
    );
    s.advance(HOUR + 1000);
    await s.services.jobs.drain();
    expect(findConversation(s.db, stored.conversationId)).toMatchObject({
      status: "snoozed",
      snoozed_until: now + 3 * HOUR,
    });
    s.advance(2 * HOUR);
    await s.services.jobs.drain();
    expect(findConversation(s.db, stored.conversationId)?.status).toBe("open");
  });
});

describe("the status tabs' counts", () => {
  test("count exactly up to the cap, then only say there are more (a count never reads the whole inbox)", () => {
    const s = makeServices();
    const a = makeChannel(s.db, "+14155550100");
    const b = makeChannel(s.db, "+14155550101");
    for (let i = 0; i < 3; i++) s.services.ingest.ingest(inbound(a, { peerPhone: `+44770090030${i}` }));
    for (let i = 0; i < 2; i++) s.services.ingest.ingest(inbound(b, { peerPhone: `+44770090040${i}` }));
    expect(statusCounts(s.db, [a, b], {}, 10)).toEqual({ open: 5, pending: 0, resolved: 0, snoozed: 0 });
    // Over the cap across both channels: cap + 1 stands for "more than cap".
    expect(statusCounts(s.db, [a, b], {}, 4).open).toBe(5);
    expect(statusCounts(s.db, [a, b], {}, 2).open).toBe(3);
  });
});
