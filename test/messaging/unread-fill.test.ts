import { describe, expect, test } from "bun:test";
import { makeServices } from "../webhooks/fixtures.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { insertUser } from "../../src/auth/users-store.ts";
import { fillUnread, UNREAD_FILL_JOB } from "../../src/messaging/unread-fill.ts";
import { markRead } from "../../src/messaging/store.ts";

const unreadOf = (db: ReturnType<typeof makeServices>["db"], userId: number) =>
  db
    .query<{ id: number }, [number]>(
      "SELECT conversation_id AS id FROM conversation_unread WHERE user_id = ? ORDER BY conversation_id",
    )
    .all(userId)
    .map((r) => r.id);

const newUser = (s: ReturnType<typeof makeServices>, email: string) =>
  insertUser(
    s.db,
    { name: "New", email, passwordHash: "x", active: true, permissionSetIds: [], groupIds: [] },
    s.clock(),
  );

describe("a new user's unread conversations", () => {
  test("are written by the job queue after the request, not by the request that adds the user", async () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = s.services.ingest.ingest(inbound(channel, { peerPhone: `+44770090050${i}` }));
      if (r.stored) ids.push(r.conversationId);
    }
    s.services.ingest.ingest(inbound(channel, { peerPhone: "+447700900600", direction: "outbound" }));
    const id = newUser(s, "new@x.io");
    expect(unreadOf(s.db, id)).toEqual([]);
    expect(
      s.db
        .query<{ n: number }, [string]>("SELECT count(*) AS n FROM jobs WHERE kind = ?")
        .get(UNREAD_FILL_JOB)!.n,
    ).toBe(1);
    // A conversation the new user opens before the job reaches it stays read.
    markRead(s.db, id, ids[3]!, s.clock());
    await s.services.jobs.drain();
    expect(unreadOf(s.db, id)).toEqual([0, 1, 2, 4].map((i) => ids[i]!));
  });

  test("one bounded batch per transaction; a message arriving meanwhile is unread too, once", async () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    for (let i = 0; i < 7; i++) s.services.ingest.ingest(inbound(channel, { peerPhone: `+44770090070${i}` }));
    const id = newUser(s, "batch@x.io");
    const writes: number[] = [];
    const fill = fillUnread(s.db, id, 3);
    writes.push(unreadOf(s.db, id).length);
    const late = s.services.ingest.ingest(inbound(channel, { peerPhone: "+447700900800" }));
    await fill;
    expect(writes).toEqual([3]);
    expect(unreadOf(s.db, id)).toHaveLength(8);
    expect(late.stored && unreadOf(s.db, id).includes(late.conversationId)).toBe(true);
  });

  test("a user removed before the job ran leaves nothing to fill, and the job finishes", async () => {
    const s = makeServices();
    const channel = makeChannel(s.db, "+14155550100");
    s.services.ingest.ingest(inbound(channel, { peerPhone: "+447700900900" }));
    const id = newUser(s, "gone@x.io");
    s.db.query("DELETE FROM users WHERE id = ?").run(id);
    await s.services.jobs.drain();
    expect(
      s.db.query<{ status: string }, [string]>("SELECT status FROM jobs WHERE kind = ?").get(UNREAD_FILL_JOB)
        ?.status,
    ).toBe("done");
    expect(unreadOf(s.db, id)).toEqual([]);
  });
});
