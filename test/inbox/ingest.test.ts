import { describe, expect, test } from "bun:test";
import { inbound, makeChannel, makeIngestFixture } from "./fixtures.ts";
import { attachPhoneToLid } from "../../src/messaging/conversations-store.ts";
import { listConversations, conversationMessages, markRead } from "../../src/messaging/store.ts";
import { searchMessages, ftsQuery, phonePrefixes } from "../../src/messaging/search.ts";

describe("storing inbound messages", () => {
  test("a message creates its conversation, is stored once and announced after commit", () => {
    const f = makeIngestFixture();
    const m = inbound(f.channelId, { text: "Hi there" });
    const first = f.ingest.ingest(m);
    expect(first.stored).toBe(true);
    const replay = f.ingest.ingest({ ...m });
    expect(replay).toEqual({ stored: false, reason: "duplicate" });
    expect(f.db.query("SELECT * FROM messages").all()).toHaveLength(1);
    expect(f.stored).toHaveLength(1);
    expect(f.events).toEqual([
      {
        type: "message",
        channelId: f.channelId,
        conversationId: first.stored ? first.conversationId : 0,
        messageId: first.stored ? first.messageId : 0,
      },
    ]);
    const conv = f.db
      .query<{ title: string; peer_phone: string; inbound_count: number; chat_jid: string }, []>(
        "SELECT * FROM conversations",
      )
      .get()!;
    expect(conv).toMatchObject({
      title: "Ann",
      peer_phone: "+447700900123",
      inbound_count: 1,
      chat_jid: "447700900123@s.whatsapp.net",
    });
  });

  test("a LID sender without a phone gets one conversation, which takes the phone when WhatsApp maps it", () => {
    const f = makeIngestFixture();
    const lid = {
      chatJid: "12345@lid",
      peerLid: "12345@lid",
      senderLid: "12345@lid",
      peerPhone: null,
      senderPhone: null,
    };
    f.ingest.ingest(inbound(f.channelId, lid));
    f.ingest.ingest(inbound(f.channelId, lid));
    expect(f.db.query("SELECT * FROM conversations").all()).toHaveLength(1);
    const conv = attachPhoneToLid(f.db, f.channelId, "12345@lid", "+447700900555")!;
    expect(conv.peer_phone).toBe("+447700900555");
    expect(conv.chat_jid).toBe("447700900555@s.whatsapp.net");
    expect(
      f.db
        .query<{ n: number }, []>("SELECT count(*) AS n FROM messages WHERE sender_phone = '+447700900555'")
        .get()!.n,
    ).toBe(2);
  });

  test("when the phone already has its own conversation, the LID one merges into it", () => {
    const f = makeIngestFixture();
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900555" }));
    f.ingest.ingest(
      inbound(f.channelId, {
        chatJid: "777@lid",
        peerLid: "777@lid",
        senderLid: "777@lid",
        peerPhone: null,
        senderPhone: null,
      }),
    );
    expect(f.db.query("SELECT * FROM conversations").all()).toHaveLength(2);
    const merged = attachPhoneToLid(f.db, f.channelId, "777@lid", "+447700900555")!;
    expect(f.db.query("SELECT * FROM conversations").all()).toHaveLength(1);
    expect(merged.inbound_count).toBe(2);
    expect(
      f.db
        .query<{ n: number }, [number]>("SELECT count(*) AS n FROM messages WHERE conversation_id = ?")
        .get(merged.id)!.n,
    ).toBe(2);
  });

  test("a group message lands on the group, with the participant on the message", () => {
    const f = makeIngestFixture();
    const r = f.ingest.ingest(
      inbound(f.channelId, {
        kind: "group",
        chatJid: "1203630@g.us",
        groupSubject: "Builders",
        participantJid: "447700900999@s.whatsapp.net",
        senderPhone: "+447700900999",
        senderName: "Bob",
        peerPhone: null,
      }),
    );
    expect(r.stored).toBe(true);
    const conv = f.db
      .query<{ kind: string; title: string; peer_phone: string | null }, []>("SELECT * FROM conversations")
      .get()!;
    expect(conv).toEqual(expect.objectContaining({ kind: "group", title: "Builders", peer_phone: null }));
    const msg = f.db
      .query<{ sender_phone: string; participant_jid: string }, []>("SELECT * FROM messages")
      .get()!;
    expect(msg.sender_phone).toBe("+447700900999");
    expect(msg.participant_jid).toBe("447700900999@s.whatsapp.net");
  });

  test("a hook that throws rolls the whole message back: nothing half-stored", () => {
    const f = makeIngestFixture();
    f.domain.on("message.stored", "inTransaction", () => {
      throw new Error("outbox full");
    });
    expect(() => f.ingest.ingest(inbound(f.channelId))).toThrow("outbox full");
    expect(f.db.query("SELECT * FROM messages").all()).toHaveLength(0);
    expect(f.db.query("SELECT * FROM conversations").all()).toHaveLength(0);
    expect(f.events).toHaveLength(0);
  });

  test("a history batch is stored in one go, flagged as history, without counting as unread", () => {
    const f = makeIngestFixture();
    const batch = Array.from({ length: 500 }, (_, i) =>
      inbound(f.channelId, { history: true, peerPhone: `+4477009${String(i % 10).padStart(5, "0")}` }),
    );
    const r = f.ingest.ingestBatch([...batch, batch[0]!]);
    expect(r).toEqual({ stored: 500, duplicates: 1 });
    expect(f.stored.every((s) => s.history)).toBe(true);
    expect(f.db.query<{ n: number }, []>("SELECT sum(inbound_count) AS n FROM conversations").get()!.n).toBe(
      0,
    );
    expect(f.db.query("SELECT * FROM conversations").all()).toHaveLength(10);
  });
});

describe("reading the inbox", () => {
  test("the list is newest first with keyset paging, and unread counts follow read state", () => {
    const f = makeIngestFixture();
    const user = Number(
      f.db
        .query(
          "INSERT INTO users (name, email, password_hash, created_at, updated_at) VALUES ('U', 'u@x.io', 'x', 0, 0)",
        )
        .run().lastInsertRowid,
    );
    for (let i = 0; i < 7; i++) f.ingest.ingest(inbound(f.channelId, { peerPhone: `+44770090000${i}` }));
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900003" }));
    const page1 = listConversations(f.db, { channelIds: [f.channelId], userId: user, limit: 3 });
    expect(page1.map((c) => c.peer_phone)).toEqual(["+447700900003", "+447700900006", "+447700900005"]);
    expect(page1[0]!.unread).toBe(2);
    const last = page1[2]!;
    const page2 = listConversations(f.db, {
      channelIds: [f.channelId],
      userId: user,
      limit: 3,
      before: { at: last.last_message_at, id: last.id },
    });
    expect(page2.map((c) => c.peer_phone)).toEqual(["+447700900004", "+447700900002", "+447700900001"]);
    markRead(f.db, user, page1[0]!.id, 5);
    expect(listConversations(f.db, { channelIds: [f.channelId], userId: user, limit: 1 })[0]!.unread).toBe(0);
    expect(
      listConversations(f.db, { channelIds: [f.channelId], userId: user, limit: 10, unread: true }).map(
        (c) => c.peer_phone,
      ),
    ).not.toContain("+447700900003");
    expect(listConversations(f.db, { channelIds: [], userId: user, limit: 10 })).toEqual([]);
  });

  test("pages across several channels merge in time order, and the cursor carries on across them", () => {
    const f = makeIngestFixture();
    const user = Number(
      f.db
        .query(
          "INSERT INTO users (name, email, password_hash, created_at, updated_at) VALUES ('U', 'u@x.io', 'x', 0, 0)",
        )
        .run().lastInsertRowid,
    );
    const other = makeChannel(f.db, "+14155550111");
    const order: string[] = [];
    for (let i = 0; i < 8; i++) {
      const phone = `+44770090010${i}`;
      f.ingest.ingest(inbound(i % 3 === 0 ? other : f.channelId, { peerPhone: phone }));
      order.unshift(phone);
    }
    const all: string[] = [];
    let before: { at: number; id: number } | null = null;
    for (;;) {
      const page = listConversations(f.db, {
        channelIds: [f.channelId, other],
        userId: user,
        limit: 3,
        before,
      });
      all.push(...page.map((c) => c.peer_phone!));
      if (page.length < 3) break;
      before = { at: page[2]!.last_message_at, id: page[2]!.id };
    }
    expect(all).toEqual(order);
    f.db
      .query(
        "UPDATE conversations SET assigned_user_id = ? WHERE peer_phone IN ('+447700900101', '+447700900106')",
      )
      .run(user);
    expect(
      listConversations(f.db, { channelIds: [f.channelId, other], userId: user, limit: 10, mine: true }).map(
        (c) => c.peer_phone,
      ),
    ).toEqual(["+447700900106", "+447700900101"]);
    expect(
      listConversations(f.db, { channelIds: [f.channelId], userId: user, limit: 10, mine: true }).map(
        (c) => c.peer_phone,
      ),
    ).toEqual(["+447700900101"]);
  });

  test("messages come oldest first, paged backwards from the newest", () => {
    const f = makeIngestFixture();
    for (let i = 0; i < 5; i++) f.ingest.ingest(inbound(f.channelId, { text: `m${i}` }));
    const conv = f.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!.id;
    const latest = conversationMessages(f.db, conv, 3);
    expect(latest.map((m) => m.text)).toEqual(["m2", "m3", "m4"]);
    const older = conversationMessages(f.db, conv, 3, { at: latest[0]!.wa_timestamp, id: latest[0]!.id });
    expect(older.map((m) => m.text)).toEqual(["m0", "m1"]);
  });

  test("search finds words and prefixes but never passes FTS syntax through", () => {
    const f = makeIngestFixture();
    f.ingest.ingest(inbound(f.channelId, { text: "Where is my receipt for March?" }));
    f.ingest.ingest(inbound(f.channelId, { text: "Thanks" }));
    expect(searchMessages(f.db, [f.channelId], "receip", 10).map((h) => h.snippet)).toEqual([
      "Where is my [[receipt]] for March?",
    ]);
    expect(searchMessages(f.db, [f.channelId], 'receipt" OR "x', 10)).toHaveLength(0);
    expect(searchMessages(f.db, [f.channelId], "NEAR(", 10)).toHaveLength(0);
    expect(searchMessages(f.db, [999], "receipt", 10)).toHaveLength(0);
    expect(ftsQuery("  ")).toBeNull();
  });

  test("in several words only the last is a beginning (still being typed); the others are whole words", () => {
    const f = makeIngestFixture();
    f.ingest.ingest(inbound(f.channelId, { text: "Is the hotel room ready?" }));
    f.ingest.ingest(inbound(f.channelId, { text: "Hotels near the station, rooms with a view" }));
    f.ingest.ingest(inbound(f.channelId, { text: "room service at the hotel" }));
    const texts = (q: string) =>
      searchMessages(f.db, [f.channelId], q, 10).map((h) => h.snippet.replace(/\[\[|\]\]/g, ""));
    expect(texts("hotel room")).toEqual(["room service at the hotel", "Is the hotel room ready?"]);
    expect(texts("hotel ro")).toEqual(["room service at the hotel", "Is the hotel room ready?"]);
    expect(texts("hotels roo")).toEqual(["Hotels near the station, rooms with a view"]);
    expect(texts("hot room")).toEqual([]);
    expect(ftsQuery("hotel room")).toBe('"hotel" "room"*');
  });

  test("in several words the whole words find the candidates, so a common last word's beginning is never gathered", () => {
    const f = makeIngestFixture();
    f.ingest.ingest(inbound(f.channelId, { text: "Hôtel booked, room 12" }));
    for (let i = 0; i < 150; i++) f.ingest.ingest(inbound(f.channelId, { text: `hotel ${i} roof` }));
    f.ingest.ingest(inbound(f.channelId, { text: "Is the hotel room ready?" }));
    for (let i = 0; i < 50; i++) f.ingest.ingest(inbound(f.channelId, { text: `room ${i}` }));
    const matches: unknown[] = [];
    const original = f.db.query.bind(f.db);
    (f.db as { query: typeof f.db.query }).query = ((sql: string) => {
      const statement = original(sql);
      if (!sql.includes("messages_fts MATCH")) return statement;
      return new Proxy(statement, {
        get: (target, key) =>
          key === "all"
            ? (...args: unknown[]) => {
                matches.push(args[0]);
                return target.all(...(args as []));
              }
            : Reflect.get(target, key),
      });
    }) as typeof f.db.query;
    const hits = searchMessages(f.db, [f.channelId], "hotel room", 10);
    expect(hits.map((h) => h.snippet.replace(/\[\[|\]\]/g, ""))).toEqual([
      "Is the hotel room ready?",
      "Hôtel booked, room 12",
    ]);
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.filter((m) => String(m).includes("*"))).toEqual([]);
    // Paging from a hit goes on past it, the same as one query over the whole index would.
    expect(
      searchMessages(f.db, [f.channelId], "hotel room", 10, hits[0]!.message_id).map((h) => h.message_id),
    ).toEqual([hits[1]!.message_id]);
    expect(searchMessages(f.db, [999], "hotel room", 10)).toEqual([]);
  });

  test("when the whole words are common and seldom beside the last, the whole index answers the same", () => {
    const f = makeIngestFixture();
    f.ingest.ingest(inbound(f.channelId, { text: "the hotel rooms are ready" }));
    for (let i = 0; i < 1700; i++) f.ingest.ingest(inbound(f.channelId, { text: `hotel ${i} roof` }));
    expect(searchMessages(f.db, [f.channelId], "hotel room", 10).map((h) => h.snippet)).toEqual([
      "the [[hotel]] [[rooms]] are ready",
    ]);
  });
});

describe("looking up a typed number", () => {
  test("international, 00 and national forms become E.164 beginnings; words are not numbers", () => {
    const f = makeIngestFixture();
    f.db.query("UPDATE channels SET country_prefix = '+44' WHERE id = ?").run(f.channelId);
    expect(phonePrefixes(f.db, [f.channelId], "+44 7700 900")).toEqual(["+447700900"]);
    expect(phonePrefixes(f.db, [f.channelId], "0044 7700")).toEqual(["+447700"]);
    expect(phonePrefixes(f.db, [f.channelId], "07700 900")).toEqual(["+07700900", "+447700900"]);
    expect(phonePrefixes(f.db, [f.channelId], "ann 07")).toEqual([]);
    expect(phonePrefixes(f.db, [f.channelId], "07")).toEqual([]);
  });
});
