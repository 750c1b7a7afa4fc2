import { describe, expect, test } from "bun:test";
import { assignFixture, type AssignFixture } from "./fixture.ts";

/** Ten customers write to the Sales line, one conversation each. */
function tenCustomers(f: AssignFixture): number[] {
  return Array.from(
    { length: 10 },
    (_, i) =>
      f.receive(f.sales, {
        peerPhone: `+4477009005${String(i).padStart(2, "0")}`,
        senderName: `Customer ${i}`,
      }).conversationId,
  );
}

const owners = (f: AssignFixture, ids: number[]) => ids.map((id) => f.conversation(id).assigned_user_id);

describe("auto-assignment", () => {
  test("off by default: a new conversation stays unassigned", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {});
    expect(f.conversation(c.conversationId).assigned_user_id).toBeNull();
  });

  test("round-robin among the team's Available members, skipping one set to Away; the timeline says auto-assigned", async () => {
    const f = await assignFixture();
    f.autoAssign(f.sales, f.salesTeam);
    // A third member of Sales goes Away with the switch in the top bar.
    const { addUser, signIn } = await import("../helpers/app.ts");
    await addUser(f.t, "cy@example.com", { groups: ["Sales"], name: "Cy Away" });
    const cy = await signIn(f.t, "cy@example.com");
    const away = await f.post("/settings/account/availability", cy, { away: "1" });
    expect(away.status).toBe(200);
    expect(away.html).toContain("Away");
    const ids = tenCustomers(f);
    const got = owners(f, ids);
    expect(got.filter((id) => id === f.sam.userId)).toHaveLength(5);
    expect(got.filter((id) => id === f.bea.userId)).toHaveLength(5);
    expect(got).not.toContain(cy.userId);
    // In turn, not in runs.
    expect(got[0]).not.toBe(got[1]);
    expect(f.conversation(ids[0]!).assigned_team_id).toBe(f.salesTeam);
    const page = await f.get(`/inbox/c/${ids[0]}`, f.sam);
    expect(page.html).toMatch(/Auto-assigned to (Sam|Bea) Agent/);
    expect(f.notifications(got[0]!)[0]).toMatchObject({
      title: "A conversation was auto-assigned to you",
      href: `/inbox/c/${ids[0]}`,
    });
    // More messages in a conversation someone has do not move it.
    f.receive(f.sales, { peerPhone: "+447700900500" });
    expect(f.conversation(ids[0]!).assigned_user_id).toBe(got[0]!);
  });

  test("everyone who may use the channel when no team is chosen; never someone who may not", async () => {
    const f = await assignFixture();
    f.autoAssign(f.sales);
    const got = owners(f, tenCustomers(f));
    // Admin (channel manager), Sam and Bea may use the Sales line; Zoe may not.
    expect(new Set(got)).toEqual(new Set([f.admin.userId, f.sam.userId, f.bea.userId]));
    expect(got).not.toContain(f.zoe.userId);
  });

  test("a person at their limit of open conversations is skipped until one is resolved", async () => {
    const f = await assignFixture();
    f.autoAssign(f.sales, f.salesTeam);
    const limit = await f.post(
      `/settings/users/${f.sam.userId}/assignment`,
      f.admin,
      { open_limit: "1" },
      { htmx: false },
    );
    expect(limit.status).toBe(303);
    const bad = await f.post(
      `/settings/users/${f.sam.userId}/assignment`,
      f.admin,
      { open_limit: "-3" },
      { htmx: false },
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Enter a whole number from 0 to 10000");
    expect((await f.get(`/settings/users/${f.sam.userId}`, f.admin)).html).toContain('value="1"');
    const ids = tenCustomers(f).slice(0, 4);
    const got = owners(f, ids);
    expect(got.filter((id) => id === f.sam.userId)).toHaveLength(1);
    expect(got.filter((id) => id === f.bea.userId)).toHaveLength(3);
    const samOne = ids[got.indexOf(f.sam.userId)]!;
    await f.post(`/inbox/c/${samOne}/status`, f.sam, { status: "resolved" }, { htmx: false });
    const next = f.receive(f.sales, { peerPhone: "+447700900777" }).conversationId;
    expect(f.conversation(next).assigned_user_id).toBe(f.sam.userId);
    // Nobody left under their limit or available: it waits unassigned.
    await f.post("/settings/account/availability", f.bea, { away: "1" });
    const waiting = f.receive(f.sales, { peerPhone: "+447700900778" }).conversationId;
    expect(f.conversation(waiting).assigned_user_id).toBeNull();
  });

  test("a conversation reopened by the customer returns to the person who had it, even while they are Away", async () => {
    const f = await assignFixture();
    f.autoAssign(f.sales, f.salesTeam);
    const c = f.receive(f.sales, {}).conversationId;
    const had = f.conversation(c).assigned_user_id!;
    const session = had === f.sam.userId ? f.sam : f.bea;
    await f.post(`/inbox/c/${c}/status`, session, { status: "resolved" }, { htmx: false });
    await f.post("/settings/account/availability", session, { away: "1" });
    f.receive(f.sales, {});
    expect(f.conversation(c)).toMatchObject({ status: "open", assigned_user_id: had });
  });

  test("a conversation whose person was deactivated goes to the next one when the customer writes", async () => {
    const f = await assignFixture();
    f.autoAssign(f.sales, f.salesTeam);
    const c = f.receive(f.sales, {}).conversationId;
    const had = f.conversation(c).assigned_user_id!;
    f.t.db.query("UPDATE users SET active = 0 WHERE id = ?").run(had);
    f.receive(f.sales, {});
    const now = f.conversation(c).assigned_user_id!;
    expect(now).not.toBe(had);
    expect([f.sam.userId, f.bea.userId]).toContain(now);
  });

  test("deleting a team clears it from its conversations and from auto-assignment", async () => {
    const f = await assignFixture();
    f.autoAssign(f.sales, f.salesTeam);
    const c = f.receive(f.sales, {}).conversationId;
    f.t.db.query("DELETE FROM user_groups WHERE id = ?").run(f.salesTeam);
    expect(f.conversation(c).assigned_team_id).toBeNull();
    const row = f.t.db
      .query<{ auto_assign_team_id: number | null }, [number]>(
        "SELECT auto_assign_team_id FROM channels WHERE id = ?",
      )
      .get(f.sales)!;
    expect(row.auto_assign_team_id).toBeNull();
  });

  test("an unassigned conversation that gets a message is auto-assigned then, to the conversation's own team", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {}).conversationId;
    await f.post(
      `/inbox/c/${c}/assign`,
      f.admin,
      { assignee: "", team: String(f.salesTeam) },
      { htmx: false },
    );
    f.autoAssign(f.sales);
    f.receive(f.sales, {});
    expect([f.sam.userId, f.bea.userId]).toContain(f.conversation(c).assigned_user_id!);
    expect(f.conversation(c).assigned_team_id).toBe(f.salesTeam);
  });

  test("the channel's settings: a manager turns it on for a team; a team nobody of which may use it is refused", async () => {
    const f = await assignFixture();
    const edit = await f.get(`/channels/${f.sales}/edit`, f.admin);
    expect(edit.html).toContain("Assign new conversations automatically");
    const on = await f.post(
      `/channels/${f.sales}/auto-assign`,
      f.admin,
      { enabled: "1", team: String(f.salesTeam) },
      { htmx: false },
    );
    expect(on.status).toBe(303);
    const row = f.t.db
      .query<{ auto_assign: number; auto_assign_team_id: number }, [number]>(
        "SELECT auto_assign, auto_assign_team_id FROM channels WHERE id = ?",
      )
      .get(f.sales)!;
    expect(row).toEqual({ auto_assign: 1, auto_assign_team_id: f.salesTeam });
    const refused = await f.post(
      `/channels/${f.sales}/auto-assign`,
      f.admin,
      { enabled: "1", team: String(f.supportTeam) },
      { htmx: false },
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Choose a team with someone in it who may use this channel.");
    // An agent may not change it; a stranger to the channel does not learn it exists.
    expect(
      (await f.post(`/channels/${f.sales}/auto-assign`, f.sam, { enabled: "" }, { htmx: false })).status,
    ).toBe(403);
    expect(
      (await f.post(`/channels/${f.sales}/auto-assign`, f.zoe, { enabled: "" }, { htmx: false })).status,
    ).toBe(404);
  });

  test("messages from new customers back to back are each assigned exactly once, in turn (one write each)", async () => {
    const f = await assignFixture();
    f.autoAssign(f.sales, f.salesTeam);
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        Promise.resolve().then(() => f.receive(f.sales, { peerPhone: `+4477009006${i}0` }).conversationId),
      ),
    );
    // A second message in each, as a reconnect's replay or a quick follow-up would bring.
    for (const [i] of ids.entries()) f.receive(f.sales, { peerPhone: `+4477009006${i}0` });
    const rows = f.t.db
      .query<{ n: number }, []>("SELECT count(*) AS n FROM conversation_assignments WHERE cause = 'auto'")
      .get()!.n;
    expect(rows).toBe(6);
    const got = owners(f, ids);
    expect(got.filter((id) => id === f.sam.userId)).toHaveLength(3);
  });
});
