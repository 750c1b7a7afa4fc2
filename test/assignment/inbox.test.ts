import { describe, expect, test } from "bun:test";
import { assignFixture } from "./fixture.ts";
import { readEvents } from "../inbox/http-fixture.ts";

const assign = (
  f: Awaited<ReturnType<typeof assignFixture>>,
  id: number,
  session: typeof f.sam,
  fields: Record<string, string>,
) => f.post(`/inbox/c/${id}/assign`, session, fields, { htmx: false });

describe("assigning conversations in the inbox", () => {
  test("assigning a colleague: the timeline says who gave it to whom, their bell links to it, it is in their Mine", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, { senderName: "Ann Customer" });
    const res = await assign(f, c.conversationId, f.admin, { assignee: String(f.bea.userId), team: "" });
    expect(res.status).toBe(303);
    expect(f.conversation(c.conversationId).assigned_user_id).toBe(f.bea.userId);
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(page.html).toContain("Admin assigned this to Bea Agent");
    expect(page.html).toContain("Assigned to Bea Agent");
    expect(f.notifications(f.bea.userId)).toEqual([
      {
        title: "Admin assigned you a conversation",
        body: "Ann Customer",
        href: `/inbox/c/${c.conversationId}`,
      },
    ]);
    const mine = await f.get("/inbox?filter=mine", f.bea);
    expect(mine.html).toContain(`id="conv-${c.conversationId}"`);
    expect(mine.html).toContain("Mine (1)");
    expect((await f.get("/inbox?filter=mine", f.sam)).html).not.toContain(`id="conv-${c.conversationId}"`);
  });

  test("Assign to me rings no bell, and the header says it is yours", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {});
    await assign(f, c.conversationId, f.sam, { to: "me" });
    expect(f.conversation(c.conversationId).assigned_user_id).toBe(f.sam.userId);
    expect(f.notifications(f.sam.userId)).toEqual([]);
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(page.html).toContain("Assigned to you");
    expect(page.html).toContain("Sam Agent assigned this to themselves");
  });

  test("a team, then a person within it; unassigning; the Unassigned view and the team filter", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {});
    const other = f.receive(f.sales, { peerPhone: "+447700900999", senderName: "Other" });
    await assign(f, c.conversationId, f.sam, { assignee: "", team: String(f.salesTeam) });
    expect(f.conversation(c.conversationId)).toMatchObject({
      assigned_user_id: null,
      assigned_team_id: f.salesTeam,
    });
    const team = await f.get(`/inbox?team=${f.salesTeam}`, f.sam);
    expect(team.html).toContain(`id="conv-${c.conversationId}"`);
    expect(team.html).not.toContain(`id="conv-${other.conversationId}"`);
    // No person yet: still in Unassigned, with the other one.
    const unassigned = await f.get("/inbox?filter=unassigned", f.sam);
    expect(unassigned.html).toContain(`id="conv-${c.conversationId}"`);
    expect(unassigned.html).toContain("Unassigned (2)");
    await assign(f, c.conversationId, f.sam, { assignee: String(f.bea.userId), team: String(f.salesTeam) });
    const after = await f.get("/inbox?filter=unassigned", f.sam);
    expect(after.html).not.toContain(`id="conv-${c.conversationId}"`);
    expect(after.html).toContain("Unassigned (1)");
    expect((await f.get(`/inbox?assignee=${f.bea.userId}`, f.sam)).html).toContain(
      `id="conv-${c.conversationId}"`,
    );
    await assign(f, c.conversationId, f.sam, { assignee: "", team: "" });
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(page.html).toContain("Sam Agent assigned this to team Sales");
    expect(page.html).toContain("Sam Agent assigned this to Bea Agent");
    expect(page.html).toContain("Sam Agent unassigned this");
    expect(f.conversation(c.conversationId)).toMatchObject({
      assigned_user_id: null,
      assigned_team_id: null,
    });
  });

  test("someone who may not use the channel, or a team nobody of which may, is refused with the reason", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {});
    const person = await assign(f, c.conversationId, f.sam, { assignee: String(f.zoe.userId), team: "" });
    expect(person.status).toBe(422);
    expect(person.html).toContain(
      "Zoe Outsider cannot use this channel, so cannot be assigned its conversations.",
    );
    const team = await assign(f, c.conversationId, f.sam, { assignee: "", team: String(f.supportTeam) });
    expect(team.status).toBe(422);
    expect(team.html).toContain("Nobody in Support can use this channel");
    const junk = await assign(f, c.conversationId, f.sam, { assignee: "<script>", team: "" });
    expect(junk.status).toBe(422);
    expect(f.conversation(c.conversationId)).toMatchObject({
      assigned_user_id: null,
      assigned_team_id: null,
    });
    // The choices offered are the people and teams who may take it.
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    const header = page.html.slice(page.html.indexOf('id="assign-'));
    expect(header).toContain("Bea Agent");
    expect(header.slice(0, header.indexOf("</form>"))).not.toContain("Zoe Outsider");
  });

  test("a conversation of a channel someone cannot use is 404 to them", async () => {
    const f = await assignFixture();
    const c = f.receive(f.support, {});
    const res = await assign(f, c.conversationId, f.sam, { to: "me" });
    expect(res.status).toBe(404);
  });

  test("bulk: the selected conversations go to a person, keeping their team; other channels' are skipped", async () => {
    const f = await assignFixture();
    const a = f.receive(f.sales, { peerPhone: "+447700900301" });
    const b = f.receive(f.sales, { peerPhone: "+447700900302" });
    const hidden = f.receive(f.support, { peerPhone: "+447700900303" });
    await assign(f, a.conversationId, f.sam, { assignee: "", team: String(f.salesTeam) });
    const form = new URLSearchParams({
      _csrf: f.sam.csrf,
      assignee: String(f.bea.userId),
      team: "keep",
      back: "/inbox?filter=mine",
    });
    for (const id of [a, b, hidden]) form.append("ids", String(id.conversationId));
    const res = await f.t.request("/inbox/bulk-assign", { method: "POST", body: form, session: f.sam });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/inbox?filter=mine");
    expect(f.conversation(a.conversationId)).toMatchObject({
      assigned_user_id: f.bea.userId,
      assigned_team_id: f.salesTeam,
    });
    expect(f.conversation(b.conversationId)).toMatchObject({
      assigned_user_id: f.bea.userId,
      assigned_team_id: null,
    });
    expect(f.conversation(hidden.conversationId).assigned_user_id).toBeNull();
    const refused = new URLSearchParams({ _csrf: f.sam.csrf, assignee: String(f.zoe.userId), team: "keep" });
    refused.append("ids", String(a.conversationId));
    const no = await f.t.request("/inbox/bulk-assign", { method: "POST", body: refused, session: f.sam });
    expect(no.status).toBe(422);
    expect(await no.text()).toContain("Zoe Outsider cannot use this channel");
    const list = await f.get("/inbox", f.sam);
    expect(list.html).toContain("Assign selected");
  });

  test("status tabs count what the assignment filter shows", async () => {
    const f = await assignFixture();
    const a = f.receive(f.sales, { peerPhone: "+447700900401" });
    const b = f.receive(f.sales, { peerPhone: "+447700900402" });
    f.receive(f.sales, { peerPhone: "+447700900403" });
    await assign(f, a.conversationId, f.sam, { to: "me" });
    await assign(f, b.conversationId, f.sam, { to: "me" });
    await f.post(`/inbox/c/${b.conversationId}/status`, f.sam, { status: "resolved" }, { htmx: false });
    const mine = await f.get("/inbox?filter=mine", f.sam);
    expect(mine.html).toContain("Open (1)");
    expect(mine.html).toContain("Resolved (1)");
    expect(mine.html).toContain("Mine (1)");
    const all = await f.get("/inbox", f.sam);
    expect(all.html).toContain("Open (2)");
    expect(all.html).toContain("Unassigned (1)");
    expect((await f.get("/inbox?filter=mine&status=all", f.sam)).html).toContain("Mine (2)");
  });

  test("the tabs follow changes live: the page asks /inbox/tabs again, which counts afresh", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {});
    const page = await f.get("/inbox?filter=mine", f.sam);
    expect(page.html).toContain('hx-get="/inbox/tabs?filter=mine"');
    expect(page.html).toContain('hx-trigger="inbox-changed from:#live throttle:300ms"');
    expect((await f.get("/inbox/tabs?filter=mine", f.sam)).html).toContain("Mine (0)");
    await assign(f, c.conversationId, f.admin, { assignee: String(f.sam.userId), team: "" });
    const tabs = (await f.get("/inbox/tabs?filter=mine", f.sam)).html;
    expect(tabs).toContain("Mine (1)");
    expect(tabs).toContain("Open (1)");
    expect(tabs).toContain("Unassigned (0)");
  });

  test("an assignment in one tab reaches the others live: header, timeline line, and the bell is told", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {});
    const text = await readEvents(
      f,
      f.bea,
      `/inbox/events?open=${c.conversationId}`,
      "bell-changed",
      async () => {
        await assign(f, c.conversationId, f.sam, { assignee: String(f.bea.userId), team: "" });
      },
    );
    expect(text).toContain(`hx-target="#conv-header-${c.conversationId}"`);
    expect(text).toContain("Assigned to you");
    expect(text).toContain("Sam Agent assigned this to Bea Agent");
    const bell = await f.get("/notifications/bell", f.bea);
    expect(bell.html).toContain("Notifications: 1 unread");
  });
});
