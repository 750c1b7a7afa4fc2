import { describe, expect, test } from "bun:test";
import { inboxFixture, settle } from "./http-fixture.ts";
import { insertTemplate } from "../../src/templates/store.ts";
import { insertChannel } from "../../src/channels/store.ts";

const GROUP = {
  kind: "group" as const,
  chatJid: "120363001@g.us",
  groupSubject: "Site crew",
  peerPhone: null,
  participantJid: "447700900301@s.whatsapp.net",
  senderPhone: "+447700900301",
  senderName: "Bob",
};

function messageCount(f: Awaited<ReturnType<typeof inboxFixture>>): number {
  return f.t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM messages").get()!.n;
}

describe("replying in a conversation", () => {
  test("a reply in a direct chat goes to the person's number", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { peerPhone: "+447700900123" });
    expect((await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Hi Ann" })).status).toBe(200);
    await settle(f);
    expect(f.t.sent).toEqual([
      { channelId: f.sales, to: "+447700900123", payload: { type: "text", text: "Hi Ann" } },
    ]);
  });

  test("a reply box sent twice (double click, Enter pressed twice) sends one message; each new box sends anew", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { peerPhone: "+447700900123" });
    const page = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    const key = /<input type="hidden" name="key" value="([^"]+)"/.exec(page)?.[1];
    expect(key).toBeTruthy();
    const first = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "On my way", key: key! });
    const again = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "On my way", key: key! });
    expect(again.status).toBe(200);
    const bubbleId = (html: string) => /<div id="(msg-\d+)"/.exec(html)?.[1];
    expect(bubbleId(again.html)).toBe(bubbleId(first.html)!);
    await settle(f);
    expect(f.t.sent).toHaveLength(1);
    // Another text sent from the same box before it came back (typed while the first was on its way) is sent.
    await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Ten minutes", key: key! });
    await settle(f);
    expect(f.t.sent).toHaveLength(2);
    // The box that comes back carries a fresh key: the next message is a new one.
    const nextKey = /<input type="hidden" name="key" value="([^"]+)"/.exec(first.html)?.[1];
    expect(nextKey).toBeTruthy();
    expect(nextKey).not.toBe(key);
    await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "On my way", key: nextKey! });
    await settle(f);
    expect(f.t.sent).toHaveLength(3);
  });

  test("a reply in a group conversation is addressed to the group, never to the member who wrote", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, GROUP);
    const res = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Morning all" });
    expect(res.status).toBe(200);
    await settle(f);
    expect(f.t.sent).toHaveLength(1);
    expect(f.t.sent[0]!.to).toBe("120363001@g.us");
  });

  test("an attachment is sent as its kind, with the text as caption; the reply box comes back empty", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const pdf = new File([new TextEncoder().encode("%PDF-1.4 quote")], "Quote 7.pdf", {
      type: "application/pdf",
    });
    const res = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Your quote", file: pdf });
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/<textarea name="text"[^>]*><\/textarea>/);
    await settle(f);
    expect(f.t.sent[0]!.payload).toMatchObject({
      type: "document",
      mime: "application/pdf",
      fileName: "Quote 7.pdf",
      caption: "Your quote",
    });
    const html = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(html).toContain('<span class="doc-name">Quote 7.pdf</span>');
  });

  test("an attachment over the cap is refused with a clear message, and nothing is stored or sent", async () => {
    const f = await inboxFixture({ maxUploadMb: 0.01, maxUploadBytes: 10485 });
    const c = f.receive(f.sales, {});
    let stored = 0;
    const put = f.t.services.media.putBytes;
    f.t.services.media.putBytes = (b) => {
      stored++;
      return put(b);
    };
    const before = messageCount(f);
    const big = new File([new Uint8Array(400_000)], "huge.pdf", { type: "application/pdf" });
    const res = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "see attached", file: big });
    expect(res.status).toBe(413);
    expect(res.html).toBe("The file is larger than the 0.01 MB limit. Nothing was sent or stored.");
    // For htmx the message lands next to the file picker; the reply box keeps its text.
    expect(res.headers.get("hx-retarget")).toBe("#reply .file-error");
    // Just over the exact cap (inside the form's allowance) is refused too, with the text kept.
    const edge = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, {
      text: "keep me",
      file: new File([new Uint8Array(10_500)], "edge.pdf", { type: "application/pdf" }),
    });
    expect(edge.status).toBe(413);
    expect(edge.html).toContain("larger than the 0.01 MB limit");
    expect(edge.html).toContain(">keep me</textarea>");
    expect(stored).toBe(0);
    expect(messageCount(f)).toBe(before);
    expect(f.t.sent).toHaveLength(0);
  });

  test("the cap is checked from Content-Length before the body is read, and while reading a body without one", async () => {
    const f = await inboxFixture({ maxUploadMb: 0.01, maxUploadBytes: 10485 });
    const c = f.receive(f.sales, {});
    const declared = await f.t.request(`/inbox/c/${c.conversationId}/send`, {
      method: "POST",
      session: f.sam,
      body: "x",
      headers: {
        "content-length": "50000000",
        "content-type": "multipart/form-data; boundary=x",
        "x-csrf-token": f.sam.csrf,
      },
    });
    expect(declared.status).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(ctl) {
        pulled += 65536;
        if (pulled > 50_000_000) ctl.close();
        else ctl.enqueue(new Uint8Array(65536));
      },
    });
    const streamed = await f.t.request(`/inbox/c/${c.conversationId}/send`, {
      method: "POST",
      session: f.sam,
      body: endless,
      headers: { "content-type": "multipart/form-data; boundary=x", "x-csrf-token": f.sam.csrf },
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(1_000_000);
    expect(messageCount(f)).toBe(1);
  });

  test("an empty reply is refused with a reason; nothing is sent", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const res = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "   " });
    expect(res.status).toBe(422);
    expect(res.html).toContain("Write a message or attach a file.");
    expect(f.t.sent).toHaveLength(0);
  });

  test("picking a template fills the reply with its variables resolved for this chat; hostile values stay text", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { senderName: "Ann <b>Lee</b>" });
    const id = insertTemplate(
      f.t.db,
      "Greeting",
      "Hi {{ contact.first_name }}, {{ user.name }} here from {{ channel.name }}. {{ missing.value }}!",
      0,
    );
    const res = await f.get(`/inbox/c/${c.conversationId}/template?template=${id}`, f.sam);
    expect(res.status).toBe(200);
    expect(res.html).toContain("Hi Ann, Sam Agent here from Sales line. !");
    const hostile = insertTemplate(f.t.db, "Hostile", "{{ contact.name }}", 0);
    expect((await f.get(`/inbox/c/${c.conversationId}/template?template=${hostile}`, f.sam)).html).toContain(
      "Ann &lt;b&gt;Lee&lt;/b&gt;",
    );
  });
});

describe("a new message", () => {
  test("offers only the channels the person may use, pre-selected when there is one", async () => {
    const f = await inboxFixture();
    const html = (await f.get("/inbox/compose", f.sam)).html;
    expect(html).toContain(`<option value="${f.sales}" selected="">`);
    expect(html).not.toContain("Support line");
    const admin = (await f.get("/inbox/compose", f.admin)).html;
    expect(admin).toContain("Support line");
    expect(admin).not.toContain('selected="">Sales');
  });

  test("a national number is normalised with the channel's country prefix and the message lands in that chat", async () => {
    const f = await inboxFixture();
    const res = await f.post(
      "/inbox/compose",
      f.sam,
      { channel: String(f.sales), to: "07700 900456", text: "Hello from Pairbox" },
      { htmx: false },
    );
    expect(res.status).toBe(303);
    await settle(f);
    expect(f.t.sent).toEqual([
      { channelId: f.sales, to: "+447700900456", payload: { type: "text", text: "Hello from Pairbox" } },
    ]);
    const page = await f.get(res.headers.get("location")!, f.sam);
    expect(page.html).toContain("Hello from Pairbox");
    expect(page.html).toContain("+447700900456");
  });

  test("the New message form sent twice (double click on a slow line) sends once and shows the same chat", async () => {
    const f = await inboxFixture();
    const key = /<input type="hidden" name="key" value="([^"]+)"/.exec(
      (await f.get("/inbox/compose", f.sam)).html,
    )?.[1];
    expect(key).toBeTruthy();
    const form = { channel: String(f.sales), to: "07700 900456", text: "Hello from Pairbox", key: key! };
    const first = await f.post("/inbox/compose", f.sam, form, { htmx: false });
    const again = await f.post("/inbox/compose", f.sam, form, { htmx: false });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(first.headers.get("location")!);
    await settle(f);
    expect(f.t.sent).toHaveLength(1);
    // Refused forms come back with their key, so fixing the field and sending is still one message.
    const refused = await f.post("/inbox/compose", f.sam, { ...form, to: "not a number" }, { htmx: false });
    expect(refused.html).toContain(`name="key" value="${key}"`);
  });

  test("a channel the person cannot use, a bad number or nothing to send is refused next to the field, keeping the text", async () => {
    const f = await inboxFixture();
    const bad = await f.post(
      "/inbox/compose",
      f.sam,
      { channel: String(f.support), to: "not a number", text: "keep <this>" },
      { htmx: false },
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Choose one of your channels.");
    expect(bad.html).toContain("keep &lt;this&gt;</textarea>");
    const empty = await f.post(
      "/inbox/compose",
      f.sam,
      { channel: String(f.sales), to: "+447700900456", text: "" },
      { htmx: false },
    );
    expect(empty.html).toContain("Write a message or attach a file.");
    expect(f.t.sent).toHaveLength(0);
  });

  test("a file over the cap is refused on the page with a clear message; nothing stored", async () => {
    const f = await inboxFixture({ maxUploadMb: 0.01, maxUploadBytes: 10485 });
    const res = await f.post(
      "/inbox/compose",
      f.sam,
      {
        channel: String(f.sales),
        to: "+447700900456",
        text: "hi",
        file: new File([new Uint8Array(400_000)], "big.png", { type: "image/png" }),
      },
      { htmx: false },
    );
    expect(res.status).toBe(413);
    expect(res.html).toContain("The file is larger than the 0.01 MB limit. Nothing was sent or stored.");
    expect(res.html).toContain("<h1>New message</h1>");
    expect(messageCount(f)).toBe(0);
  });

  test("the customer page's WhatsApp action opens compose with the recipient filled in", async () => {
    const f = await inboxFixture();
    const html = (await f.get("/inbox/compose?to=%2B447700900789&record=contact:5", f.sam)).html;
    expect(html).toContain('value="+447700900789"');
    expect(html).toContain('name="record" value="contact:5"');
  });

  test("compose from a customer's page picks the channel the customer last wrote to, among the person's own", async () => {
    const f = await inboxFixture();
    const orders = insertChannel(
      f.t.db,
      "+14155550142",
      { name: "Orders line", countryPrefix: "", access: { all: true } },
      0,
    );
    if (!orders.ok) throw new Error("seed clash");
    f.receive(f.sales, { peerPhone: "+447700900123", timestamp: 1_700_000_000_000 });
    f.receive(orders.id, { peerPhone: "+447700900123", timestamp: 1_700_000_500_000 });
    // Support (which Sam may not use) heard from the customer last of all.
    f.receive(f.support, { peerPhone: "+447700900123", timestamp: 1_700_000_900_000 });
    const selected = (html: string) =>
      [...html.matchAll(/<option value="(\d+)" selected="">/g)].map((m) => Number(m[1]));
    const path = "/inbox/compose?to=%2B447700900123&record=contact:5";
    expect(selected((await f.get(path, f.sam)).html)).toEqual([orders.id]);
    expect(selected((await f.get(path, f.admin)).html)).toEqual([f.support]);
    // A number nobody heard from on several channels leaves the choice to the person.
    expect(selected((await f.get("/inbox/compose?to=%2B447700900999", f.sam)).html)).toEqual([]);
    // A channel named in the address still wins.
    expect(selected((await f.get(`${path}&channel=${f.sales}`, f.sam)).html)).toEqual([f.sales]);
  });

  test("a template picked on the new message page is resolved for that recipient", async () => {
    const f = await inboxFixture();
    const old = f.receive(f.sales, { peerPhone: "+447700900456", senderName: "Zoe Quinn" });
    expect(old.stored).toBe(true);
    const id = insertTemplate(f.t.db, "Hello", "Dear {{ contact.first_name }}, {{ user.name }}", 0);
    const res = await f.get(
      `/inbox/compose/template?template=${id}&channel=${f.sales}&to=07700900456&text=`,
      f.sam,
    );
    expect(res.html).toContain(">Dear Zoe, Sam Agent</textarea>");
    const unknown = await f.get(
      `/inbox/compose/template?template=${id}&channel=${f.sales}&to=07700900999`,
      f.sam,
    );
    expect(unknown.html).toContain(">Dear , Sam Agent</textarea>");
  });
});
