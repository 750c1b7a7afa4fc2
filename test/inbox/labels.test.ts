import { describe, expect, test } from "bun:test";
import { createLabel } from "../../src/messaging/labels.ts";
import { inboxFixture, readEvents, type InboxFixture } from "./http-fixture.ts";

function labels(f: InboxFixture) {
  const vip = createLabel(f.t.db, "VIP", "purple", 0);
  const bug = createLabel(f.t.db, "Complaint", "red", 0);
  if (!vip.ok || !bug.ok) throw new Error("seed");
  return { vip: vip.label.id, complaint: bug.label.id };
}

const labelIds = (f: InboxFixture, conversationId: number) =>
  f.t.db
    .query<{ label_id: number }, [number]>(
      "SELECT label_id FROM conversation_labels WHERE conversation_id = ? ORDER BY label_id",
    )
    .all(conversationId)
    .map((r) => r.label_id);

describe("labels under Settings", () => {
  test("an administrator creates, renames, recolours and deletes a label; errors stand next to the field", async () => {
    const f = await inboxFixture();
    const created = await f.post(
      "/settings/labels",
      f.admin,
      { name: " VIP ", color: "purple" },
      { htmx: false },
    );
    expect(created.status).toBe(303);
    const page = await f.get("/settings/labels", f.admin);
    expect(page.html).toContain('<span class="label-chip label-purple">VIP</span>');
    const id = f.t.db.query<{ id: number }, []>("SELECT id FROM labels").get()!.id;
    const twin = await f.post("/settings/labels", f.admin, { name: "vip", color: "red" }, { htmx: false });
    expect(twin.status).toBe(422);
    expect(twin.html).toContain("A label named &quot;vip&quot; exists already.");
    const badColour = await f.post(
      "/settings/labels",
      f.admin,
      { name: "X", color: "#ff0000" },
      { htmx: false },
    );
    expect(badColour.status).toBe(422);
    expect(badColour.html).toContain("Choose one of the colours offered.");
    const empty = await f.post("/settings/labels", f.admin, { name: "", color: "red" }, { htmx: false });
    expect(empty.html).toContain('id="label-name-new-error"');
    await f.post(`/settings/labels/${id}`, f.admin, { name: "Key account", color: "green" }, { htmx: false });
    expect(f.t.db.query("SELECT name, color FROM labels").get()).toEqual({
      name: "Key account",
      color: "green",
    });
    const c = f.receive(f.sales, {});
    await f.post(`/inbox/c/${c.conversationId}/labels`, f.sam, { add: String(id) }, { htmx: false });
    await f.post(`/settings/labels/${id}/delete`, f.admin, {}, { htmx: false });
    expect(f.t.db.query("SELECT count(*) AS n FROM labels").get()).toEqual({ n: 0 });
    expect(labelIds(f, c.conversationId)).toEqual([]);
  });

  test("an agent without settings.manage cannot manage labels", async () => {
    const f = await inboxFixture();
    expect((await f.get("/settings/labels", f.sam)).status).toBe(403);
    const res = await f.post("/settings/labels", f.sam, { name: "Mine", color: "red" }, { htmx: false });
    expect(res.status).toBe(403);
    expect(f.t.db.query("SELECT count(*) AS n FROM labels").get()).toEqual({ n: 0 });
  });
});

describe("labels on conversations", () => {
  test("added in the header, shown as chips in the header and the list, removed with ×", async () => {
    const f = await inboxFixture();
    const { vip } = labels(f);
    const c = f.receive(f.sales, {});
    const res = await f.post(
      `/inbox/c/${c.conversationId}/labels`,
      f.sam,
      { add: String(vip) },
      { htmx: false },
    );
    expect(res.status).toBe(303);
    expect(labelIds(f, c.conversationId)).toEqual([vip]);
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(page.html).toContain('aria-label="Remove label VIP"');
    const list = await f.get("/inbox/list", f.sam);
    expect(list.html).toContain('<span class="label-chip label-purple">VIP</span>');
    await f.post(`/inbox/c/${c.conversationId}/labels`, f.sam, { remove: String(vip) }, { htmx: false });
    expect(labelIds(f, c.conversationId)).toEqual([]);
  });

  test("a conversation of a channel one cannot use is 404; an unknown label is refused", async () => {
    const f = await inboxFixture();
    const { vip } = labels(f);
    const hidden = f.receive(f.support, { peerPhone: "+447700900999" });
    const refused = await f.post(
      `/inbox/c/${hidden.conversationId}/labels`,
      f.sam,
      { add: String(vip) },
      { htmx: false },
    );
    expect(refused.status).toBe(404);
    expect(labelIds(f, hidden.conversationId)).toEqual([]);
    const c = f.receive(f.sales, {});
    const unknown = await f.post(
      `/inbox/c/${c.conversationId}/labels`,
      f.sam,
      { add: "9999" },
      { htmx: false },
    );
    expect(unknown.status).toBe(422);
  });

  test("the list filters by label, combined with the status tabs", async () => {
    const f = await inboxFixture();
    const { vip } = labels(f);
    const a = f.receive(f.sales, { peerPhone: "+447700900501" });
    const b = f.receive(f.sales, { peerPhone: "+447700900502" });
    const r = f.receive(f.sales, { peerPhone: "+447700900503" });
    for (const id of [a, r])
      await f.post(`/inbox/c/${id.conversationId}/labels`, f.sam, { add: String(vip) }, { htmx: false });
    await f.post(`/inbox/c/${r.conversationId}/status`, f.sam, { status: "resolved" }, { htmx: false });
    const open = await f.get(`/inbox?label=${vip}`, f.sam);
    expect(open.html).toContain(`id="conv-${a.conversationId}"`);
    expect(open.html).not.toContain(`id="conv-${b.conversationId}"`);
    expect(open.html).not.toContain(`id="conv-${r.conversationId}"`);
    // The status tabs keep the label.
    expect(open.html).toContain(`href="/inbox?status=resolved&amp;label=${vip}"`);
    const resolved = await f.get(`/inbox/list?status=resolved&label=${vip}`, f.sam);
    expect(resolved.html).toContain(`id="conv-${r.conversationId}"`);
    expect(resolved.html).not.toContain(`id="conv-${a.conversationId}"`);
  });

  test("bulk: add and remove a label on the ticked conversations, skipping hidden ones", async () => {
    const f = await inboxFixture();
    const { complaint } = labels(f);
    const a = f.receive(f.sales, { peerPhone: "+447700900601" });
    const b = f.receive(f.sales, { peerPhone: "+447700900602" });
    const hidden = f.receive(f.support, { peerPhone: "+447700900603" });
    const bulk = async (op: string) => {
      const form = new FormData();
      form.set("_csrf", f.sam.csrf);
      form.set("label", String(complaint));
      form.set("op", op);
      form.set("back", "/inbox?status=all");
      for (const id of [a, b, hidden]) form.append("ids", String(id.conversationId));
      return f.t.request("/inbox/bulk-labels", { method: "POST", body: form, session: f.sam });
    };
    const res = await bulk("add");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/inbox?status=all");
    expect([a, b, hidden].map((c) => labelIds(f, c.conversationId))).toEqual([[complaint], [complaint], []]);
    await bulk("remove");
    expect([a, b].map((c) => labelIds(f, c.conversationId))).toEqual([[], []]);
    const page = await f.get("/inbox", f.sam);
    expect(page.html).toContain('formaction="/inbox/bulk-labels"');
  });

  test("a label change reaches another open tab: the header is pushed with its chips", async () => {
    const f = await inboxFixture();
    const { vip } = labels(f);
    const c = f.receive(f.sales, {});
    const text = await readEvents(f, f.sam, `/inbox/events?open=${c.conversationId}`, "inbox-changed", () =>
      f
        .post(`/inbox/c/${c.conversationId}/labels`, f.admin, { add: String(vip) }, { htmx: false })
        .then(() => {}),
    );
    expect(text).toContain(`hx-target="#conv-header-${c.conversationId}"`);
    expect(text).toContain("Remove label VIP");
  });
});
