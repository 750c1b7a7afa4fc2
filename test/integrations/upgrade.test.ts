import { describe, expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { migrations } from "../../src/db/migrations/index.ts";
import { openDatabase } from "../../src/db/open.ts";

const RLO = "\u202e";

/** A database as round one left it (migrations up to 0011), with keys, an endpoint and spoofed names. */
function roundOneDatabase() {
  const db = openDatabase(":memory:");
  migrate(
    db,
    migrations.filter((m) => m.version <= 11),
  );
  const user = (name: string, set: string, active = 1) => {
    const id = Number(
      db
        .query(
          "INSERT INTO users (name, email, password_hash, active, created_at, updated_at) VALUES (?, ?, 'x', ?, 0, 0)",
        )
        .run(name, `${name}@example.com`, active).lastInsertRowid,
    );
    db.query(
      "INSERT INTO user_permission_sets (user_id, permission_set_id) SELECT ?, id FROM permission_sets WHERE name = ?",
    ).run(id, set);
    return id;
  };
  const retired = user("retired", "Administrator", 0);
  const admin = user("admin", "Administrator");
  const agent = user("agent", "Agent");
  const key = (scope: string, createdBy: number) =>
    db
      .query(
        "INSERT INTO api_keys (name, prefix, key_hash, scope, all_channels, channel_ids, created_by, created_at) VALUES (?, 'pbx_', ?, ?, 1, '[]', ?, 0)",
      )
      .run(`${scope}-${createdBy}`, `${scope}-${createdBy}`, scope, createdBy);
  key("send", admin);
  key("send", agent);
  key("read", admin);
  db.query(
    "INSERT INTO webhook_endpoints (url, secret, events, created_at, updated_at) VALUES ('http://127.0.0.1:9/', 'whsec_x', '[]', 0, 0)",
  ).run();
  const channel = Number(
    db
      .query(
        "INSERT INTO channels (phone_e164, name, access, status, created_at, updated_at) VALUES ('+14155550100', ?, '{\"all\":true}', 'connected', 0, 0)",
      )
      .run(`Sales${RLO}`).lastInsertRowid,
  );
  const conversation = Number(
    db
      .query(
        "INSERT INTO conversations (channel_id, chat_jid, kind, title, created_at) VALUES (?, '1@s.whatsapp.net', 'direct', ?, 0)",
      )
      .run(channel, `${RLO}eeL nnA`).lastInsertRowid,
  );
  db.query(
    `INSERT INTO messages (conversation_id, channel_id, wa_id, direction, sender_name, type, text, media_filename, status, wa_timestamp, created_at)
     VALUES (?, ?, 'W1', 'inbound', ?, 'document', '', ?, 'received', 0, 0)`,
  ).run(conversation, channel, `Ann${RLO}`, `photo${RLO}gpj.exe\u200f`);
  return { db, admin, agent, retired };
}

describe("upgrading a round-one database (migration 0014)", () => {
  test("send keys of channel managers become manage keys; others keep their scope", () => {
    const { db } = roundOneDatabase();
    migrate(db);
    const scopes = db
      .query<{ name: string; scope: string }, []>("SELECT name, scope FROM api_keys ORDER BY id")
      .all()
      .map((k) => k.scope);
    expect(scopes).toEqual(["manage", "send", "read"]);
  });

  test("endpoints with no recorded creator act for the first active administrator", () => {
    const { db, admin } = roundOneDatabase();
    migrate(db);
    expect(
      db.query<{ created_by: number }, []>("SELECT created_by FROM webhook_endpoints").get()!.created_by,
    ).toBe(admin);
  });

  test("stored names and file names lose their bidi controls", () => {
    const { db } = roundOneDatabase();
    migrate(db);
    expect(db.query<{ name: string }, []>("SELECT name FROM channels").get()!.name).toBe("Sales");
    expect(db.query<{ title: string }, []>("SELECT title FROM conversations").get()!.title).toBe("eeL nnA");
    expect(
      db
        .query<{ sender_name: string; media_filename: string }, []>(
          "SELECT sender_name, media_filename FROM messages",
        )
        .get(),
    ).toEqual({ sender_name: "Ann", media_filename: "photogpj.exe" });
  });
});
