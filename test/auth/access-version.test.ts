import { describe, expect, test } from "bun:test";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { accessVersion, currentUserNow } from "../../src/auth/access-version.ts";
import { insertUser } from "../../src/auth/users-store.ts";
import { insertGroup, insertPermissionSet } from "../../src/auth/teams-store.ts";
import { mayUseChannelNow } from "../../src/channels/access.ts";
import { makeChannel } from "../inbox/fixtures.ts";

function setup() {
  const db = openDatabase(":memory:");
  migrate(db);
  const setId = insertPermissionSet(db, "Agents", ["records.edit"], 0);
  const groupId = insertGroup(db, "Sales", 0);
  const userId = insertUser(
    db,
    {
      name: "Ann",
      email: "ann@example.com",
      passwordHash: "x",
      active: true,
      permissionSetIds: [setId],
      groupIds: [groupId],
    },
    0,
  );
  const byGroup = makeChannel(db, "+14155550101", JSON.stringify({ all: false, groups: [groupId] }));
  const bySet = makeChannel(db, "+14155550102", JSON.stringify({ all: false, permissionSets: [setId] }));
  const may = (channelId: number) => {
    const user = currentUserNow(db, userId);
    return user !== null && mayUseChannelNow(db, user, channelId);
  };
  return { db, userId, setId, groupId, byGroup, bySet, may };
}

describe("access checks reused between jobs stay exact", () => {
  test("the same answer is reused while nothing about access changed", () => {
    const t = setup();
    expect(t.may(t.byGroup)).toBe(true);
    expect(currentUserNow(t.db, t.userId)).toBe(currentUserNow(t.db, t.userId));
    const before = accessVersion(t.db);
    t.db.query("UPDATE users SET password_hash = 'y', updated_at = 5 WHERE id = ?").run(t.userId);
    t.db.query("UPDATE channels SET status = 'disconnected' WHERE id = ?").run(t.byGroup);
    expect(accessVersion(t.db)).toBe(before);
  });

  test("a deactivated or removed person is refused at once", () => {
    const t = setup();
    expect(t.may(t.byGroup)).toBe(true);
    t.db.query("UPDATE users SET active = 0 WHERE id = ?").run(t.userId);
    expect(currentUserNow(t.db, t.userId)).toBeNull();
    t.db.query("UPDATE users SET active = 1 WHERE id = ?").run(t.userId);
    expect(t.may(t.byGroup)).toBe(true);
    t.db.query("DELETE FROM users WHERE id = ?").run(t.userId);
    expect(currentUserNow(t.db, t.userId)).toBeNull();
  });

  test("leaving a group, losing a permission set, or the set losing a permission counts at once", () => {
    const t = setup();
    expect(t.may(t.byGroup)).toBe(true);
    t.db.query("DELETE FROM user_group_members WHERE user_id = ?").run(t.userId);
    expect(t.may(t.byGroup)).toBe(false);

    expect(t.may(t.bySet)).toBe(true);
    t.db.query("DELETE FROM user_permission_sets WHERE user_id = ?").run(t.userId);
    expect(t.may(t.bySet)).toBe(false);

    t.db
      .query("INSERT INTO user_permission_sets (user_id, permission_set_id) VALUES (?, ?)")
      .run(t.userId, t.setId);
    expect(currentUserNow(t.db, t.userId)!.permissions.has("records.edit" as never)).toBe(true);
    t.db.query("UPDATE permission_sets SET permissions = '[]' WHERE id = ?").run(t.setId);
    expect(currentUserNow(t.db, t.userId)!.permissions.size).toBe(0);
  });

  test("a channel's changed access list counts at once", () => {
    const t = setup();
    expect(t.may(t.byGroup)).toBe(true);
    t.db.query(`UPDATE channels SET access = '{"all":false}' WHERE id = ?`).run(t.byGroup);
    expect(t.may(t.byGroup)).toBe(false);
    t.db.query("DELETE FROM channels WHERE id = ?").run(t.bySet);
    expect(t.may(t.bySet)).toBe(false);
  });

  test("what a transaction saw of a change it then rolled back is not kept", () => {
    const t = setup();
    expect(t.may(t.byGroup)).toBe(true);
    try {
      t.db.transaction(() => {
        t.db.query("UPDATE users SET active = 0 WHERE id = ?").run(t.userId);
        expect(currentUserNow(t.db, t.userId)).toBeNull();
        throw new Error("rolled back");
      })();
    } catch {}
    // Another change lands the counter on the number the rolled-back one had reached.
    t.db.query("DELETE FROM user_group_members WHERE user_id = ?").run(t.userId);
    expect(currentUserNow(t.db, t.userId)).not.toBeNull();
    expect(t.may(t.byGroup)).toBe(false);
  });
});
