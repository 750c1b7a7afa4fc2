import { describe, expect, test } from "bun:test";
import { inboxFixture, readEvents } from "./http-fixture.ts";

const HOUR = 60 * 60 * 1000;

/** Conversation status in the inbox: Open, Pending, Resolved, Snoozed until …, as a team uses it. */
describe("conversation status in the inbox", () => {
  test("the list shows Open by default; resolving moves a conversation to the Resolved tab, counted", async () => {
    const f = await inboxFixture();
    const a = f.receive(f.sales, { peerPhone: "+447700900201", senderName: "Ann" });
    f.receive(f.sales, { peerPhone: "+447700900202", senderName: "Bob" });
    const resolved = await f.post(
      `/inbox/c/${a.conversationId}/status`,
      f.sam,
      { status: "resolved" },
      { htmx: false },
    );
    expect(resolved.status).toBe(303);
    const open = await f.get("/inbox", f.sam);
    expect(open.html).not.toContain(`id="conv-${a.conversationId}"`);
    expect(open.html).toContain("Bob");
    expect(open.html).toContain("Open (1)");
    expect(open.html).toContain("Resolved (1)");
    const tab = await f.get("/inbox?status=resolved", f.sam);
    expect(tab.html).toContain(`id="conv-${a.conversationId}"`);
    expect(tab.html).not.toContain("Bob");
    const all = await f.get("/inbox?status=all", f.sam);
    expect(all.html).toContain(`id="conv-${a.conversationId}"`);
    expect(all.html).toContain("Bob");
  });

  test("the header resolves in one click (key e) and the timeline says who resolved it", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const before = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(before.html).toContain('data-shortcut="e"');
    await f.post(`/inbox/c/${c.conversationId}/status`, f.sam, { status: "resolved" }, { htmx: false });
    const after = await f.get(`/inbox/c/${c.conversationId}?status=all`, f.sam);
    expect(after.html).toContain('class="status-badge status-resolved"');
    expect(after.html).toContain("Sam Agent resolved");
  });

  test("a customer message reopens a resolved conversation, and the timeline says so", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    await f.post(`/inbox/c/${c.conversationId}/status`, f.sam, { status: "resolved" }, { htmx: false });
    f.receive(f.sales, {});
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(page.html).toContain('class="status-badge status-open"');
    expect(page.html).toContain("Reopened by a customer message");
    expect((await f.get("/inbox", f.sam)).html).toContain(`id="conv-${c.conversationId}"`);
  });

  test("snoozing for an hour stores the time and the timeline shows it; a past chosen time is refused", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const now = f.t.clock();
    await f.post(
      `/inbox/c/${c.conversationId}/status`,
      f.sam,
      { status: "snoozed", snooze: "1h" },
      { htmx: false },
    );
    const row = f.t.db
      .query<{ status: string; snoozed_until: number }, [number]>(
        "SELECT status, snoozed_until FROM conversations WHERE id = ?",
      )
      .get(c.conversationId)!;
    expect(row).toEqual({ status: "snoozed", snoozed_until: now + HOUR });
    const page = await f.get(`/inbox/c/${c.conversationId}?status=snoozed`, f.sam);
    expect(page.html).toContain("Sam Agent snoozed until");
    const refused = await f.post(
      `/inbox/c/${c.conversationId}/status`,
      f.sam,
      { status: "snoozed", snooze: "custom", at: "2020-01-01T09:00", tz: "Europe/London" },
      { htmx: false },
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Choose a time in the future.");
  });

  test("tomorrow 9:00 is in the person's own time zone", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    // The fixture's clock is 15 January 2026 09:00 UTC: tomorrow 9:00 in New York is 14:00 UTC.
    await f.post(
      `/inbox/c/${c.conversationId}/status`,
      f.sam,
      { status: "snoozed", snooze: "tomorrow", tz: "America/New_York" },
      { htmx: false },
    );
    const until = f.t.db
      .query<{ snoozed_until: number }, [number]>("SELECT snoozed_until FROM conversations WHERE id = ?")
      .get(c.conversationId)!.snoozed_until;
    expect(new Date(until).toISOString()).toBe("2026-01-16T14:00:00.000Z");
  });

  test("an unknown status is refused with a reason; a conversation of a channel one cannot use is 404", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const bad = await f.post(
      `/inbox/c/${c.conversationId}/status`,
      f.sam,
      { status: "closed" },
      { htmx: false },
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Choose open, pending, resolved or snoozed.");
    const hidden = f.receive(f.support, { peerPhone: "+447700900999" });
    const refused = await f.post(
      `/inbox/c/${hidden.conversationId}/status`,
      f.sam,
      { status: "resolved" },
      { htmx: false },
    );
    expect(refused.status).toBe(404);
    const status = f.t.db
      .query<{ status: string }, [number]>("SELECT status FROM conversations WHERE id = ?")
      .get(hidden.conversationId)!.status;
    expect(status).toBe("open");
  });

  test("a form without the CSRF token changes nothing", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const form = new FormData();
    form.set("status", "resolved");
    const res = await f.t.request(`/inbox/c/${c.conversationId}/status`, {
      method: "POST",
      body: form,
      session: f.sam,
    });
    expect(res.status).toBe(403);
    expect(f.t.db.query("SELECT status FROM conversations WHERE id = ?").get(c.conversationId)).toEqual({
      status: "open",
    });
  });

  test("bulk: resolve the selected conversations, skipping those of channels one cannot use", async () => {
    const f = await inboxFixture();
    const a = f.receive(f.sales, { peerPhone: "+447700900301" });
    const b = f.receive(f.sales, { peerPhone: "+447700900302" });
    const hidden = f.receive(f.support, { peerPhone: "+447700900303" });
    const form = new FormData();
    form.set("_csrf", f.sam.csrf);
    form.set("status", "resolved");
    form.set("back", "/inbox?filter=unread");
    for (const id of [a, b, hidden]) form.append("ids", String(id.conversationId));
    const res = await f.t.request("/inbox/bulk-status", { method: "POST", body: form, session: f.sam });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/inbox?filter=unread");
    const statuses = f.t.db
      .query<{ id: number; status: string }, []>("SELECT id, status FROM conversations ORDER BY id")
      .all();
    expect(statuses).toEqual([
      { id: a.conversationId, status: "resolved" },
      { id: b.conversationId, status: "resolved" },
      { id: hidden.conversationId, status: "open" },
    ]);
    const none = await f.post("/inbox/bulk-status", f.sam, { status: "resolved" }, { htmx: false });
    expect(none.status).toBe(422);
    expect(none.html).toContain("Select one or more conversations first.");
  });

  test("status tabs keep the other filters: resolved and unread", async () => {
    const f = await inboxFixture();
    const a = f.receive(f.sales, { peerPhone: "+447700900401" });
    const b = f.receive(f.sales, { peerPhone: "+447700900402" });
    await f.post(`/inbox/c/${a.conversationId}/status`, f.sam, { status: "resolved" }, { htmx: false });
    await f.post(`/inbox/c/${b.conversationId}/status`, f.sam, { status: "resolved" }, { htmx: false });
    await f.get(`/inbox/c/${b.conversationId}`, f.sam); // read: only a stays unread
    const list = await f.get("/inbox/list?status=resolved&filter=unread", f.sam);
    expect(list.html).toContain(`id="conv-${a.conversationId}"`);
    expect(list.html).not.toContain(`id="conv-${b.conversationId}"`);
  });

  test("a change reaches another open tab: the header and a timeline line are pushed", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const text = await readEvents(f, f.sam, `/inbox/events?open=${c.conversationId}`, "inbox-changed", () =>
      f.post(`/inbox/c/${c.conversationId}/status`, f.admin, { status: "pending" }).then(() => {}),
    );
    expect(text).toContain(`hx-target="#conv-header-${c.conversationId}"`);
    expect(text).toContain("status-badge status-pending");
    expect(text).toContain("set pending");
  });
});
