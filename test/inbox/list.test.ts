import { describe, expect, test } from "bun:test";
import { inboxFixture } from "./http-fixture.ts";

/** The conversation rows of a list page, in order, as the ids the page shows. */
function rowIds(html: string): number[] {
  return [...html.matchAll(/<li id="conv-(\d+)"/g)].map((m) => Number(m[1]));
}

/** `n` conversations on the sales line, newest first (as the list shows them). */
function manyConversations(f: Awaited<ReturnType<typeof inboxFixture>>, n: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.unshift(f.receive(f.sales, { peerPhone: `+4477009${String(i).padStart(5, "0")}` }).conversationId);
  return ids;
}

describe("the conversation list", () => {
  test("shows every accessible channel's conversations, newest first, with name, channel, preview, time and unread count", async () => {
    const f = await inboxFixture();
    const ann = f.receive(f.sales, {
      peerPhone: "+447700900001",
      senderName: "Ann Example",
      text: "First question",
    });
    const unknown = f.receive(f.sales, {
      peerPhone: "+447700900002",
      senderName: "",
      text: "",
      type: "image",
      media: { mime: "image/jpeg", size: 10, fileName: null },
    });
    f.receive(f.sales, { peerPhone: "+447700900001", senderName: "Ann Example", text: "Second question" });
    const page = await f.get("/inbox", f.sam);
    expect(page.status).toBe(200);
    expect(rowIds(page.html)).toEqual([ann.conversationId, unknown.conversationId]);
    expect(page.html).toContain("Ann Example");
    expect(page.html).toContain("Second question");
    expect(page.html).toContain("+447700900002");
    expect(page.html).toMatch(/<svg class="icon"[^>]*aria-hidden="true">.*?<\/svg><bdi>Photo<\/bdi>/);
    expect(page.html).toContain("Sales line");
    expect(page.html).toContain('aria-label="2 unread"');
    expect(page.html).toContain("<time");
  });

  test("a user never sees a conversation, a message or a file of a channel they cannot access: 404", async () => {
    const f = await inboxFixture();
    const mine = f.receive(f.sales, { text: "for sales" });
    const secret = f.receive(f.support, { peerPhone: "+447700900777", text: "support secret" });
    const list = await f.get("/inbox", f.sam);
    expect(rowIds(list.html)).toEqual([mine.conversationId]);
    expect(list.html).not.toContain("support secret");
    expect((await f.get(`/inbox/c/${secret.conversationId}`, f.sam)).status).toBe(404);
    expect(
      (await f.get(`/inbox/c/${secret.conversationId}/older?before=9999999999999:99`, f.sam)).status,
    ).toBe(404);
    expect((await f.get(`/inbox/c/${secret.conversationId}/template?template=1`, f.sam)).status).toBe(404);
    expect((await f.get(`/inbox?channel=${f.support}`, f.sam)).html).not.toContain("support secret");
    expect((await f.get("/inbox?q=secret", f.sam)).html).not.toContain("support secret");
    expect((await f.post(`/inbox/c/${secret.conversationId}/send`, f.sam, { text: "hi" })).status).toBe(404);
    expect(f.t.sent).toHaveLength(0);
    // Its media too: the file exists, the answer is the same 404 as for a file that does not.
    const stored = await f.t.services.media.putBytes(new TextEncoder().encode("%PDF-1.4 secret"));
    if (!stored.ok) throw new Error("store");
    f.t.db
      .query(
        "UPDATE messages SET type = 'document', media_sha256 = ?, media_status = 'stored', media_mime = 'application/pdf', media_filename = 'secret.pdf' WHERE id = ?",
      )
      .run(stored.sha256, secret.messageId);
    expect((await f.get(`/media/${secret.messageId}`, f.sam)).status).toBe(404);
    expect((await f.get(`/media/${secret.messageId}`, f.admin)).status).toBe(200);
  });

  test("the channel switcher narrows the list to one channel", async () => {
    const f = await inboxFixture();
    const a = f.receive(f.sales, { peerPhone: "+447700900001" });
    const b = f.receive(f.support, { peerPhone: "+447700900002" });
    expect(rowIds((await f.get("/inbox", f.admin)).html)).toEqual([b.conversationId, a.conversationId]);
    expect(rowIds((await f.get(`/inbox?channel=${f.sales}`, f.admin)).html)).toEqual([a.conversationId]);
    expect(rowIds((await f.get(`/inbox?channel=${f.support}`, f.admin)).html)).toEqual([b.conversationId]);
  });

  test("filters: unread, groups, assigned to me, unlinked", async () => {
    const f = await inboxFixture();
    const read = f.receive(f.sales, { peerPhone: "+447700900001" });
    const unread = f.receive(f.sales, { peerPhone: "+447700900002" });
    const group = f.receive(f.sales, {
      kind: "group",
      chatJid: "120363001@g.us",
      groupSubject: "Builders",
      participantJid: "447700900003@s.whatsapp.net",
      senderPhone: "+447700900003",
      peerPhone: null,
    });
    await f.get(`/inbox/c/${read.conversationId}`, f.sam);
    await f.get(`/inbox/c/${group.conversationId}`, f.sam);
    expect(rowIds((await f.get("/inbox?filter=unread", f.sam)).html)).toEqual([unread.conversationId]);
    // Read state is per person: the administrator has read nothing.
    expect(rowIds((await f.get("/inbox?filter=unread", f.admin)).html)).toHaveLength(3);
    expect(rowIds((await f.get("/inbox?filter=groups", f.sam)).html)).toEqual([group.conversationId]);
    expect(rowIds((await f.get("/inbox?filter=mine", f.sam)).html)).toEqual([]);
    const assign = await f.post(
      `/inbox/c/${read.conversationId}/assign`,
      f.sam,
      { to: "me" },
      { htmx: false },
    );
    expect(assign.status).toBe(303);
    expect(rowIds((await f.get("/inbox?filter=mine", f.sam)).html)).toEqual([read.conversationId]);
    expect(rowIds((await f.get("/inbox?filter=mine", f.admin)).html)).toEqual([]);
    expect(rowIds((await f.get("/inbox?filter=unlinked", f.sam)).html)).toHaveLength(3);
  });

  test("a conversation can be assigned to a colleague who may use its channel, and to nobody else", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.support, {});
    const samId = f.sam.userId;
    const refused = await f.post(
      `/inbox/c/${c.conversationId}/assign`,
      f.admin,
      { to: String(samId) },
      { htmx: false },
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("cannot use this channel");
    const d = f.receive(f.sales, {});
    expect(
      (await f.post(`/inbox/c/${d.conversationId}/assign`, f.admin, { to: String(samId) }, { htmx: false }))
        .status,
    ).toBe(303);
    expect(rowIds((await f.get("/inbox?filter=mine", f.sam)).html)).toEqual([d.conversationId]);
    expect((await f.get(`/inbox/c/${d.conversationId}`, f.admin)).html).toContain("Assigned to Sam Agent");
  });

  test("paging uses a cursor: the next page continues exactly where the first ended", async () => {
    const f = await inboxFixture();
    const ids = manyConversations(f, 55);
    const first = await f.get("/inbox", f.sam);
    expect(rowIds(first.html)).toEqual(ids.slice(0, 50));
    const more = /hx-get="(\/inbox\/list\?[^"]+)"/.exec(first.html)?.[1]?.replaceAll("&amp;", "&");
    expect(more).toContain("before=");
    const second = await f.get(more!, f.sam);
    expect(rowIds(second.html)).toEqual(ids.slice(50));
    expect(second.html).not.toContain("Load more");
    expect((await f.get("/inbox/list?before=garbage", f.sam)).status).toBe(200);
  });

  test("a live refresh keeps the rows already loaded with Load more (the list does not shrink back to one page)", async () => {
    const f = await inboxFixture();
    const ids = manyConversations(f, 65);
    const refreshed = await f.get("/inbox/list?shown=60", f.sam);
    expect(rowIds(refreshed.html)).toEqual(ids.slice(0, 60));
    const more = /hx-get="(\/inbox\/list\?[^"]+)"/.exec(refreshed.html)?.[1]?.replaceAll("&amp;", "&");
    expect(rowIds((await f.get(more!, f.sam)).html)).toEqual(ids.slice(60));
    // Whatever is claimed, a refresh returns a bounded number of rows; nonsense means one page.
    expect(rowIds((await f.get("/inbox/list?shown=99999999", f.sam)).html)).toHaveLength(65);
    expect(rowIds((await f.get("/inbox/list?shown=abc", f.sam)).html)).toHaveLength(50);
  });

  test("hostile names and text are shown as text, never as markup", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {
      senderName: "<img src=x onerror=alert(1)>",
      text: "<script>alert(2)</script>",
    });
    const g = f.receive(f.sales, {
      kind: "group",
      chatJid: "120363009@g.us",
      groupSubject: "<img src=x onerror=alert(3)>",
      participantJid: "447700900003@s.whatsapp.net",
      senderPhone: "+447700900003",
      senderName: "<img src=x>",
      peerPhone: null,
      type: "document",
      text: "",
      media: { mime: "application/pdf", size: 3, fileName: "<img src=x>.pdf" },
    });
    f.t.db
      .query("UPDATE messages SET media_status = 'stored', media_sha256 = 'ab' WHERE id = ?")
      .run(g.messageId);
    for (const path of [
      "/inbox",
      `/inbox/c/${c.conversationId}`,
      `/inbox/c/${g.conversationId}`,
      "/inbox?q=alert",
    ]) {
      const html = (await f.get(path, f.sam)).html;
      expect(html).not.toContain("<img src=x");
      expect(html).not.toContain("<script>alert");
    }
    expect((await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html).toContain(
      "&lt;script&gt;alert(2)&lt;/script&gt;",
    );
  });

  test("a 64 KB message with emoji and right-to-left text: short preview in the list, whole in the chat, found by its last word", async () => {
    const f = await inboxFixture();
    const text = `שלום 👋🏽 مرحبا ${"lorem ipsum ".repeat(5_500)}zebrafinch`;
    const c = f.receive(f.sales, { senderName: "مرحبا Émoji 😀", text });
    const list = (await f.get("/inbox", f.sam)).html;
    expect(list).toContain("مرحبا Émoji 😀");
    expect(list).toContain("שלום 👋🏽 مرحبا lorem");
    expect(list).not.toContain("zebrafinch");
    expect((await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html).toContain("lorem ipsum zebrafinch");
    expect((await f.get("/inbox?q=zebrafinch", f.sam)).html).toContain(`/inbox/c/${c.conversationId}`);
  });

  test("right-to-left names and messages read in their own direction (the page does not force left-to-right on them)", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { senderName: "שרה כהן", text: "שלום, מה שלומך?" });
    const list = (await f.get("/inbox", f.sam)).html;
    expect(list).toContain("<bdi>שרה כהן</bdi>");
    expect(list).toContain("<bdi>שלום, מה שלומך?</bdi>");
    const chat = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(chat).toContain('<div class="msg-text" dir="auto">שלום, מה שלומך?</div>');
    expect(chat).toContain("<bdi>שרה כהן</bdi></h1>");
    const search = (await f.get("/inbox?q=שלום", f.sam)).html;
    expect(search).toMatch(/<span class="hit-text" dir="auto">/);
  });
});

describe("search", () => {
  test("finds message text (words and prefixes), names and phone numbers; only in the user's channels", async () => {
    const f = await inboxFixture();
    const old = f.receive(f.sales, {
      peerPhone: "+447700900001",
      senderName: "Ann",
      text: "Where is the invoice for March?",
    });
    f.receive(f.sales, { peerPhone: "+447700900002", senderName: "Bob Builder", text: "Hello" });
    for (let i = 0; i < 70; i++)
      f.receive(f.sales, { peerPhone: "+447700900001", senderName: "Ann", text: `later message ${i}` });
    f.receive(f.support, { peerPhone: "+447700900009", text: "invoice elsewhere" });
    const byText = await f.get("/inbox?q=invoi", f.sam);
    const hit = `/inbox/c/${old.conversationId}?at=${old.messageId}`;
    expect(byText.html).toContain(`${hit}#msg-${old.messageId}`);
    // The hit is older than the newest page, yet the link shows it in its place.
    expect((await f.get(`/inbox/c/${old.conversationId}`, f.sam)).html).not.toContain("Where is the invoice");
    const opened = (await f.get(hit, f.sam)).html;
    expect(opened).toContain(`id="msg-${old.messageId}"`);
    expect(opened).toContain("later message 69");
    expect(byText.html).toContain("<mark>invoice</mark>");
    expect(byText.html).not.toContain("elsewhere");
    expect((await f.get("/inbox?q=bob", f.sam)).html).toContain("Bob Builder");
    expect((await f.get("/inbox?q=0770%20090%200002", f.sam)).html).toContain("Bob Builder");
    expect((await f.get(`/inbox?q=${encodeURIComponent("+44 7700 900002")}`, f.sam)).html).toContain(
      "Bob Builder",
    );
    expect((await f.get(`/inbox?q=${encodeURIComponent("0044 7700 9000")}`, f.sam)).html).toContain(
      "Bob Builder",
    );
    const syntax = await f.get(`/inbox?q=${encodeURIComponent('invoice" OR NEAR(')}`, f.sam);
    expect(syntax.status).toBe(200);
    // LIKE wildcards are literal: "%" matches no name.
    expect(rowIds((await f.get("/inbox?q=%25", f.sam)).html)).toEqual([]);
    expect(rowIds((await f.get("/inbox?q=ann", f.sam)).html)).toEqual([old.conversationId]);
  });

  test("search results page with a cursor too", async () => {
    const f = await inboxFixture();
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.unshift(f.receive(f.sales, { text: `parcel number ${i}` }).messageId);
    const first = await f.get("/inbox?q=parcel", f.sam);
    const shown = [...first.html.matchAll(/#msg-(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown).toEqual(ids.slice(0, 50));
    const more = /href="(\/inbox\?q=parcel[^"]*before=\d+)"/.exec(first.html)?.[1]?.replaceAll("&amp;", "&");
    expect(more).toBeDefined();
    const second = await f.get(more!, f.sam);
    expect([...second.html.matchAll(/#msg-(\d+)"/g)].map((m) => Number(m[1]))).toEqual(ids.slice(50));
  });
});
