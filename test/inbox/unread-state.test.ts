import { describe, expect, test } from "bun:test";
import { attachPhoneToLid } from "../../src/messaging/conversations-store.ts";
import { listConversations, markRead } from "../../src/messaging/store.ts";
import { inbound, makeIngestFixture } from "./fixtures.ts";
import { fillUnreadBatch } from "../../src/messaging/unread-fill.ts";

/** A person added now, once the job queue has written their unread rows (src/messaging/unread-fill.ts). */
function addUser(f: ReturnType<typeof makeIngestFixture>, email: string): number {
  const id = Number(
    f.db
      .query(
        "INSERT INTO users (name, email, password_hash, created_at, updated_at) VALUES ('U', ?, 'x', 0, 0)",
      )
      .run(email).lastInsertRowid,
  );
  fillUnreadBatch(f.db, id, 0, Number.MAX_SAFE_INTEGER);
  return id;
}

/** What the Unread filter shows a user, and what the counts say, must always agree. */
function unreadFor(f: ReturnType<typeof makeIngestFixture>, userId: number) {
  const filtered = listConversations(f.db, { channelIds: [f.channelId], userId, unread: true, limit: 100 })
    .map((c) => c.peer_phone ?? c.chat_jid)
    .sort();
  const counted = listConversations(f.db, { channelIds: [f.channelId], userId, limit: 100 })
    .filter((c) => c.unread > 0)
    .map((c) => c.peer_phone ?? c.chat_jid)
    .sort();
  expect(filtered).toEqual(counted);
  return filtered;
}

describe("the Unread filter follows each person's read state", () => {
  test("new messages, reads, a person added later and a merged LID chat", () => {
    const f = makeIngestFixture();
    const ann = addUser(f, "ann@x.io");
    const first = f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900001" }));
    if (!first.stored) throw new Error("not stored");
    const a = first.conversationId;
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900002" }));
    expect(unreadFor(f, ann)).toEqual(["+447700900001", "+447700900002"]);

    markRead(f.db, ann, a, 1);
    expect(unreadFor(f, ann)).toEqual(["+447700900002"]);
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900001" }));
    expect(unreadFor(f, ann)).toEqual(["+447700900001", "+447700900002"]);

    // Someone who joins later has read nothing yet.
    const bob = addUser(f, "bob@x.io");
    expect(unreadFor(f, bob)).toEqual(["+447700900001", "+447700900002"]);
    markRead(f.db, bob, a, 2);
    expect(unreadFor(f, bob)).toEqual(["+447700900002"]);
    expect(unreadFor(f, ann)).toEqual(["+447700900001", "+447700900002"]);

    // Outbound and history messages make nothing unread.
    markRead(f.db, ann, a, 3);
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900001", direction: "outbound" }));
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900001", history: true }));
    expect(unreadFor(f, ann)).toEqual(["+447700900002"]);

    // A chat that began under a LID merges into the phone's chat, unread with it.
    const lid = "98765@lid";
    f.ingest.ingest(
      inbound(f.channelId, {
        chatJid: lid,
        peerPhone: null,
        peerLid: lid,
        senderPhone: null,
        senderLid: lid,
      }),
    );
    attachPhoneToLid(f.db, f.channelId, lid, "+447700900001");
    expect(unreadFor(f, ann)).toEqual(["+447700900001", "+447700900002"]);
  });

  test("with thousands unread, the filter walks the list newest first and still shows only the unread", () => {
    const f = makeIngestFixture();
    const ann = addUser(f, "ann@x.io");
    f.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
      INSERT INTO conversations (channel_id, chat_jid, kind, inbound_count, last_message_id, last_message_at, created_at)
      SELECT ${f.channelId}, 'c' || i || '@s.whatsapp.net', 'direct', 1, i, i, 0 FROM n`);
    const read = f.db
      .query<{ id: number }, []>("SELECT id FROM conversations WHERE last_message_at > 5990")
      .all();
    for (const r of read) markRead(f.db, ann, r.id, 1);
    const page = listConversations(f.db, { channelIds: [f.channelId], userId: ann, unread: true, limit: 5 });
    expect(page.map((c) => c.last_message_at)).toEqual([5990, 5989, 5988, 5987, 5986]);
  });
});
