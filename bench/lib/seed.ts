import type { Db } from "../../src/db/open.ts";
import { setPaired } from "../../src/whatsapp/simulator/store.ts";

/** The first seeded message time; each seeded message is one second after the one before. */
export const SEED_T0 = Date.UTC(2026, 0, 1);

const WORDS = (
  "hello thanks order invoice receipt delivery tomorrow today price quote please yes no maybe call " +
  "meeting address payment card transfer bank refund return broken working shipped tracking number " +
  "monday tuesday wednesday thursday friday weekend morning evening office shop store branch manager " +
  "discount offer available stock size colour black white blue red green small medium large extra " +
  "photo picture document contract signed pending approved cancelled confirm booking table dinner lunch " +
  "coffee breakfast hotel room flight ticket train station airport taxi parking garage service repair"
).split(" ");

/** Rare words: each appears in about one message in ten thousand, for selective searches. */
export const RARE_WORDS = ["zeppelin", "quasar", "marmalade", "obsidian", "tangerine"];

/** Live, connected channels (the simulator remembers them as paired), all open to everyone. */
export function seedChannels(db: Db, count: number, now: number): number[] {
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = Number(
        db
          .query(
            "INSERT INTO channels (phone_e164, name, status, created_at, updated_at, wa_jid) VALUES (?, ?, 'connected', ?, ?, ?)",
          )
          .run(
            `+44790000${String(i).padStart(4, "0")}`,
            `Bench ${i + 1}`,
            now,
            now,
            `44790000${String(i).padStart(4, "0")}@s.whatsapp.net`,
          ).lastInsertRowid,
      );
      setPaired(db, id, true);
      ids.push(id);
    }
  })();
  return ids;
}

/** The E.164 number of seeded customer n (also what the seeded records carry). */
export const customerPhone = (n: number) => `+4477${String(n).padStart(8, "0")}`;

/**
 * Bulk conversations and messages, generated inside SQLite (a recursive CTE, one transaction): far
 * faster than binding a million rows from JavaScript. Conversation 1..conversations are direct chats
 * spread over the channels; the first holds `bigChat` messages, the rest share the remainder.
 * Every insert goes through the real schema, its indexes and its FTS triggers.
 */
export function seedInbox(
  db: Db,
  opts: { channelIds: number[]; conversations: number; messages: number; bigChat: number },
): { bigConversationId: number } {
  const { channelIds, conversations, messages, bigChat } = opts;
  const ch = (expr: string) =>
    `CASE (${expr}) % ${channelIds.length} ${channelIds.map((id, i) => `WHEN ${i} THEN ${id}`).join(" ")} END`;
  db.transaction(() => {
    db.exec("CREATE TEMP TABLE IF NOT EXISTS bench_words (id INTEGER PRIMARY KEY, w TEXT NOT NULL)");
    db.exec("DELETE FROM bench_words");
    const ins = db.query("INSERT INTO bench_words (id, w) VALUES (?, ?)");
    WORDS.forEach((w, i) => {
      ins.run(i, w);
    });
    const firstConv =
      (db.query<{ m: number | null }, []>("SELECT max(id) AS m FROM conversations").get()?.m ?? 0) + 1;
    db.exec(`
      WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${conversations - 1})
      INSERT INTO conversations (id, channel_id, chat_jid, kind, peer_phone, title, last_message_at, created_at)
      SELECT ${firstConv} + n, ${ch("n")}, '4477' || printf('%08d', n) || '@s.whatsapp.net', 'direct',
        '+4477' || printf('%08d', n), 'Customer ' || n, 0, ${SEED_T0}
      FROM seq`);
    const W = WORDS.length;
    const word = (k: number, salt: number) =>
      `(SELECT w FROM bench_words WHERE id = ((n * ${k} + ${salt}) % ${W}))`;
    const text = `${word(7, 1)} || ' ' || ${word(13, 5)} || ' ' || ${word(31, 11)} || ' ' || ${word(53, 17)} || ' ' || ${word(97, 23)}
      || CASE WHEN n % 10007 = 0 THEN ' ' || (CASE (n / 10007) % ${RARE_WORDS.length} ${RARE_WORDS.map((r, i) => `WHEN ${i} THEN '${r}'`).join(" ")} END) ELSE '' END`;
    const rest = conversations - 1;
    db.exec(`
      WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${messages - 1})
      INSERT INTO messages (conversation_id, channel_id, wa_id, direction, sender_phone, sender_name, type, text, status, wa_timestamp, created_at)
      SELECT conv, (SELECT channel_id FROM conversations WHERE id = conv), 'SEED' || n,
        CASE WHEN (n / 3) % 3 = 2 THEN 'outbound' ELSE 'inbound' END,
        CASE WHEN (n / 3) % 3 = 2 THEN NULL ELSE (SELECT peer_phone FROM conversations WHERE id = conv) END,
        'Customer', 'text', ${text}, CASE WHEN (n / 3) % 3 = 2 THEN 'read' ELSE 'received' END,
        ${SEED_T0} + n * 1000, ${SEED_T0} + n * 1000
      FROM (SELECT n, CASE WHEN n < ${bigChat} THEN ${firstConv} ELSE ${firstConv + 1} + ((n - ${bigChat}) % ${rest}) END AS conv FROM seq)`);
    db.exec(`
      UPDATE conversations SET
        last_message_id = (SELECT max(id) FROM messages m WHERE m.conversation_id = conversations.id),
        inbound_count = (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id AND m.direction = 'inbound')
      WHERE id >= ${firstConv}`);
    db.exec(`UPDATE conversations SET last_message_at = (SELECT wa_timestamp FROM messages WHERE id = last_message_id),
        last_inbound_at = (SELECT wa_timestamp FROM messages WHERE id = last_message_id) WHERE id >= ${firstConv}`);
    return firstConv;
  }).immediate();
  const first = db
    .query<{ id: number }, [string]>("SELECT id FROM conversations WHERE chat_jid = ?")
    .get("447700000000@s.whatsapp.net")!;
  // No ANALYZE here: Pairbox never runs it, so a real database that grew has no statistics either.
  return { bigConversationId: first.id };
}
