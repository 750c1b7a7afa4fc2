import { describe, expect, test } from "bun:test";
import { addUser, signIn } from "../helpers/app.ts";
import { findMentions } from "../../src/inbox/note-mentions.ts";
import { inboxFixture, readEvents, type InboxFixture } from "./http-fixture.ts";

/** Sam's colleagues: Bea (Sales, may use the Sales line) and Carl (no group: may not). */
async function team(f: InboxFixture) {
  const bea = await addUser(f.t, "bea@example.com", { groups: ["Sales"], name: "Bea Lund" });
  const carl = await addUser(f.t, "carl@example.com", { name: "Carl Nox" });
  return { bea, carl, beaSession: await signIn(f.t, "bea@example.com") };
}

const count = (f: InboxFixture, sql: string, ...args: number[]) =>
  f.t.db.query<{ n: number }, number[]>(`SELECT count(*) AS n FROM ${sql}`).get(...args)!.n;

describe("private notes in a conversation", () => {
  test("a note is stored with its author and shown as a private note, never as a message", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const before = f.t.db
      .query<{ last_message_id: number; last_message_at: number }, [number]>(
        "SELECT last_message_id, last_message_at FROM conversations WHERE id = ?",
      )
      .get(c.conversationId);
    const res = await f.post(`/inbox/c/${c.conversationId}/notes`, f.sam, {
      text: "Called her: <b>refund</b> ok",
    });
    expect(res.status).toBe(200);
    // The answer: a fresh note box, and the note itself upserted into the timeline.
    expect(res.html).toContain('id="note-form"');
    expect(res.html).toContain(`hx-target="#msgs-${c.conversationId}"`);
    expect(res.html).toContain("Called her: &lt;b&gt;refund&lt;/b&gt; ok");
    const note = f.t.db
      .query<{ id: number; author_user_id: number; text: string; created_at: number }, []>(
        "SELECT id, author_user_id, text, created_at FROM conversation_notes",
      )
      .get()!;
    expect(note).toEqual({
      id: note.id,
      author_user_id: f.sam.userId,
      text: "Called her: <b>refund</b> ok",
      created_at: f.t.clock(),
    });
    // Not a message: nothing queued for WhatsApp, the conversation's last message unchanged.
    expect(count(f, "messages WHERE direction = 'outbound'")).toBe(0);
    expect(
      f.t.db
        .query("SELECT last_message_id, last_message_at FROM conversations WHERE id = ?")
        .get(c.conversationId),
    ).toEqual(before);
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(page.html).toContain(`id="note-${note.id}"`);
    expect(page.html).toContain('aria-label="Private note by Sam Agent"');
    expect(page.html).toContain('<span class="note-badge">Private note</span>');
    expect(page.html).toContain('id="reply-tab-note"');
    expect(page.html).toContain('id="reply-tab-reply"');
  });

  test("an empty note is refused next to the box; a hidden conversation is 404; no CSRF, no note", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const empty = await f.post(`/inbox/c/${c.conversationId}/notes`, f.sam, { text: "   " });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain("Write the note first.");
    // Without JavaScript the page comes back on the Note tab, the text kept, the reason beside it.
    const plain = await f.post(`/inbox/c/${c.conversationId}/notes`, f.sam, { text: " " }, { htmx: false });
    expect(plain.status).toBe(422);
    expect(plain.html).toContain('id="reply-tab-note" href');
    expect(plain.html).toMatch(/id="reply-tab-note"[^>]*aria-selected="true"/);
    expect(plain.html).toContain("Write the note first.");
    const long = await f.post(`/inbox/c/${c.conversationId}/notes`, f.sam, { text: "x".repeat(10_001) });
    expect(long.status).toBe(422);
    const hidden = f.receive(f.support, { peerPhone: "+447700900999" });
    expect((await f.post(`/inbox/c/${hidden.conversationId}/notes`, f.sam, { text: "hi" })).status).toBe(404);
    const form = new FormData();
    form.set("text", "sneaky");
    const res = await f.t.request(`/inbox/c/${c.conversationId}/notes`, {
      method: "POST",
      body: form,
      session: f.sam,
    });
    expect(res.status).toBe(403);
    expect(count(f, "conversation_notes")).toBe(0);
  });

  test("a mention notifies the colleague with a link to the note; one who cannot use the channel is not mentioned", async () => {
    const f = await inboxFixture();
    const { bea, carl } = await team(f);
    const c = f.receive(f.sales, {});
    const res = await f.post(
      `/inbox/c/${c.conversationId}/notes`,
      f.sam,
      // Carl is named and even sent as a picked id: he may not use the Sales line, so nothing.
      { text: "@Bea Lund can you call back? cc @Carl Nox", mention: String(carl) },
      { htmx: false },
    );
    expect(res.status).toBe(303);
    const note = f.t.db.query<{ id: number }, []>("SELECT id FROM conversation_notes").get()!;
    expect(res.headers.get("location")).toBe(`/inbox/c/${c.conversationId}?compose=note#note-${note.id}`);
    expect(f.t.db.query("SELECT user_id, start, length FROM note_mentions").all()).toEqual([
      { user_id: bea, start: 0, length: 9 },
    ]);
    const notes = f.t.db
      .query<{ user_id: number; title: string; href: string }, []>(
        "SELECT user_id, title, href FROM notifications",
      )
      .all();
    expect(notes).toEqual([
      {
        user_id: bea,
        title: "Sam Agent mentioned you in a note",
        href: `/inbox/c/${c.conversationId}?note=${note.id}#note-${note.id}`,
      },
    ]);
    expect(count(f, "notifications WHERE user_id = ?", carl)).toBe(0);
  });

  test("a mention shows the person's current name, escaped", async () => {
    const f = await inboxFixture();
    const { bea } = await team(f);
    const c = f.receive(f.sales, {});
    await f.post(`/inbox/c/${c.conversationId}/notes`, f.sam, {
      text: "ask @Bea Lund",
      mention: String(bea),
    });
    f.t.db.query("UPDATE users SET name = '<i>Bea</i> Berg' WHERE id = ?").run(bea);
    const page = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(page.html).toContain('<span class="mention">@&lt;i&gt;Bea&lt;/i&gt; Berg</span>');
    expect(page.html).not.toContain("<i>Bea</i>");
  });

  test("the autocomplete offers only people who may use the channel, and is 404 for a hidden conversation", async () => {
    const f = await inboxFixture();
    await team(f);
    const c = f.receive(f.sales, {});
    const all = await f.get(`/inbox/c/${c.conversationId}/mention-people?q=`, f.sam);
    const names = (JSON.parse(all.html) as { name: string }[]).map((p) => p.name);
    expect(names).toContain("Bea Lund");
    expect(names).toContain("Sam Agent");
    expect(names).not.toContain("Carl Nox");
    const be = JSON.parse((await f.get(`/inbox/c/${c.conversationId}/mention-people?q=lu`, f.sam)).html);
    expect(be.map((p: { name: string }) => p.name)).toEqual(["Bea Lund"]);
    const hidden = f.receive(f.support, { peerPhone: "+447700900999" });
    expect((await f.get(`/inbox/c/${hidden.conversationId}/mention-people?q=b`, f.sam)).status).toBe(404);
  });

  test("a link to an old note opens the conversation where the note is, however many messages followed", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { timestamp: f.t.clock() - 1000 });
    await f.post(`/inbox/c/${c.conversationId}/notes`, f.sam, { text: "old but important" });
    const note = f.t.db.query<{ id: number }, []>("SELECT id FROM conversation_notes").get()!;
    for (let i = 1; i <= 80; i++) f.receive(f.sales, { timestamp: f.t.clock() + i * 1000 });
    const latest = await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect(latest.html).not.toContain(`id="note-${note.id}"`);
    const linked = await f.get(`/inbox/c/${c.conversationId}?note=${note.id}`, f.sam);
    expect(linked.html).toContain(`id="note-${note.id}"`);
    expect(linked.html).toContain("old but important");
    // A note of another conversation is not a way in.
    const other = f.receive(f.sales, { peerPhone: "+447700900777" });
    const wrong = await f.get(`/inbox/c/${other.conversationId}?note=${note.id}`, f.sam);
    expect(wrong.html).not.toContain("old but important");
  });

  test("a note reaches every open tab of the conversation live", async () => {
    const f = await inboxFixture();
    const { beaSession } = await team(f);
    const c = f.receive(f.sales, {});
    const text = await readEvents(f, beaSession, `/inbox/events?open=${c.conversationId}`, "note-badge", () =>
      f.post(`/inbox/c/${c.conversationId}/notes`, f.sam, { text: "on it" }).then(() => {}),
    );
    expect(text).toContain(`hx-target="#msgs-${c.conversationId}"`);
    expect(text).toContain("on it");
  });
});

describe("finding mentions", () => {
  const people = [
    { id: 1, name: "Ann" },
    { id: 2, name: "Ann Lee" },
    { id: 3, name: "Bo" },
    { id: 4, name: "Ann Lee" },
  ];
  test("the longest name wins, a picked twin wins, and a name must end at a word's end", () => {
    expect(findMentions("@Ann Lee and @Ann, not @Bob; @bo.", people, [4])).toEqual([
      { user_id: 4, start: 0, length: 8 },
      { user_id: 1, start: 13, length: 4 },
      { user_id: 3, start: 29, length: 3 },
    ]);
  });
  test("a text full of @ stays linear and stops at 20 mentions", () => {
    const text = "@Bo ".repeat(5000);
    const t0 = performance.now();
    expect(findMentions(text, people, [])).toHaveLength(20);
    expect(findMentions("@".repeat(10_000), people, [])).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
