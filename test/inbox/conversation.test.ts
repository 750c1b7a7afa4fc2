import { describe, expect, test } from "bun:test";
import { inboxFixture, readEvents, settle } from "./http-fixture.ts";

const GROUP = {
  kind: "group" as const,
  chatJid: "120363001@g.us",
  groupSubject: "Site crew",
  peerPhone: null,
};
const member = (phone: string, name: string) => ({
  ...GROUP,
  participantJid: `${phone.slice(1)}@s.whatsapp.net`,
  senderPhone: phone,
  senderName: name,
});

describe("the conversation view", () => {
  test("a group shows its subject, participant count and each message's sender name and number", async () => {
    const f = await inboxFixture();
    const first = f.receive(f.sales, member("+447700900301", "Bob"));
    f.receive(f.sales, { ...member("+447700900302", "Cleo"), text: "on my way" });
    const before = (await f.get(`/inbox/c/${first.conversationId}`, f.sam)).html;
    expect(before).toContain("2 participants have written");
    expect(before).toContain(
      '<li>Bob <span class="muted">+447700900301</span></li><li>Cleo <span class="muted">+447700900302</span></li>',
    );
    f.t.db.query("UPDATE conversations SET participant_count = 5 WHERE id = ?").run(first.conversationId);
    const html = (await f.get(`/inbox/c/${first.conversationId}`, f.sam)).html;
    expect(html).toContain("Site crew");
    expect(html).toContain("5 participants");
    expect(html).toMatch(/class="msg-sender"><bdi>Bob<\/bdi><span class="muted"> \+447700900301/);
    expect(html).toMatch(/class="msg-sender"><bdi>Cleo<\/bdi><span class="muted"> \+447700900302/);
  });

  test("a quoted message is shown as a quote; the channel's status is at the top", async () => {
    const f = await inboxFixture();
    f.receive(f.sales, { waId: "Q1", text: "Is the blue one in stock?" });
    const reply = f.receive(f.sales, { text: "Hello?", quotedWaId: "Q1" });
    f.t.db
      .query("UPDATE channels SET status = 'disconnected', status_reason = 'Phone offline' WHERE id = ?")
      .run(f.sales);
    const html = (await f.get(`/inbox/c/${reply.conversationId}`, f.sam)).html;
    expect(html).toContain('<blockquote class="quote">Is the blue one in stock?</blockquote>');
    expect(html).toMatch(
      /id="chan-status-\d+"[^>]*><span class="badge status-disconnected"[^>]*title="Phone offline">Disconnected/,
    );
  });

  test("opening a conversation marks it read for that person only", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    f.receive(f.sales, {});
    expect((await f.get("/inbox", f.sam)).html).toContain('aria-label="2 unread"');
    await f.get(`/inbox/c/${c.conversationId}`, f.sam);
    expect((await f.get("/inbox", f.sam)).html).not.toMatch(/aria-label="\d+ unread"/);
    expect((await f.get("/inbox", f.admin)).html).toContain('aria-label="2 unread"');
  });

  test("media is previewed in place: image, sticker, voice, audio, video, document with size; a failed download offers a retry", async () => {
    const f = await inboxFixture();
    const bytes = await f.t.services.media.putBytes(new Uint8Array([1, 2, 3]));
    if (!bytes.ok) throw new Error("store");
    const kinds = [
      ["image", "image/jpeg"],
      ["sticker", "image/webp"],
      ["voice", "audio/ogg"],
      ["audio", "audio/mpeg"],
      ["video", "video/mp4"],
      ["document", "application/pdf"],
    ] as const;
    const ids: Record<string, number> = {};
    let conversation = 0;
    for (const [type, mime] of kinds) {
      const r = f.receive(f.sales, {
        type,
        text: "",
        media: { mime, size: 2_500_000, fileName: type === "document" ? "Quote 12.pdf" : null },
      });
      f.t.db
        .query("UPDATE messages SET media_status = 'stored', media_sha256 = ? WHERE id = ?")
        .run(bytes.sha256, r.messageId);
      ids[type] = r.messageId;
      conversation = r.conversationId;
    }
    const failed = f.receive(f.sales, {
      type: "image",
      text: "",
      media: { mime: "image/jpeg", size: 10, fileName: null },
    });
    f.t.db
      .query("UPDATE messages SET media_status = 'failed', media_error = 'expired on the phone' WHERE id = ?")
      .run(failed.messageId);
    const html = (await f.get(`/inbox/c/${conversation}`, f.sam)).html;
    expect(html).toContain(
      `<a href="/media/${ids.image}" target="_blank" rel="noopener" class="media-img"><img src="/media/${ids.image}"`,
    );
    expect(html).toContain(`<img src="/media/${ids.sticker}"`);
    expect(html).toContain(`<audio controls="" preload="none" src="/media/${ids.voice}">`);
    expect(html).toContain(`<audio controls="" preload="none" src="/media/${ids.audio}">`);
    expect(html).toContain(`<video controls="" preload="none" src="/media/${ids.video}">`);
    expect(html).toMatch(
      new RegExp(
        `href="/media/${ids.document}\\?download=1"[^>]*><svg class="icon"[^>]*aria-hidden="true">.*?</svg> <span class="doc-name">Quote 12.pdf</span> <span class="muted">2.4 MB`,
      ),
    );
    expect(html).toContain("Media unavailable: expired on the phone.");
    // A reason that ends its own sentence is not given a second full stop.
    f.t.db
      .query("UPDATE messages SET media_error = 'WhatsApp no longer has this file.' WHERE id = ?")
      .run(failed.messageId);
    expect((await f.get(`/inbox/c/${conversation}`, f.sam)).html).toContain(
      "Media unavailable: WhatsApp no longer has this file.</span>",
    );
    const doc = await f.t.request(`/media/${ids.document}?download=1`, { session: f.sam });
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-disposition")).toContain('attachment; filename="Quote 12.pdf"');
    const asked: number[] = [];
    f.t.services.retryMedia = (id) => void asked.push(id);
    const retry = await f.post(`/inbox/m/${failed.messageId}/media-retry`, f.sam, {}, { htmx: false });
    expect(retry.status).toBe(303);
    expect(asked).toEqual([failed.messageId]);
    // From the page it is posted in place (static/app.js), keeping the reply box's draft; the file arrives live.
    expect(html).toContain(
      `<form method="post" action="/inbox/m/${failed.messageId}/media-retry" class="retry">`,
    );
    expect((await f.post(`/inbox/m/${failed.messageId}/media-retry`, f.sam, {})).status).toBe(204);
  });

  test("an outbound message shows its delivery state; a failed one shows the reason, keeps its text, and Retry sends it again", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const sent = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Your order shipped" });
    expect(sent.status).toBe(200);
    // The answer carries the message at once, as "sending", to be updated in place by id.
    expect(sent.html).toMatch(
      /<hx-partial hx-target="#msgs-\d+" hx-swap="upsert"><div id="msg-(\d+)" class="msg out" data-status="queued">/,
    );
    expect(sent.html).toMatch(
      /<span class="tick tick-queued"> <svg class="icon"[^>]*>.*?<\/svg>Sending<\/span>/,
    );
    const id = Number(/id="msg-(\d+)"/.exec(sent.html)![1]);
    await settle(f);
    for (const [status, label] of [
      ["sent", "Sent"],
      ["delivered", "Delivered"],
      ["read", "Read"],
    ] as const) {
      f.t.db.query("UPDATE messages SET status = ? WHERE id = ?").run(status, id);
      // The word is the label; the tick icon beside it is hidden from screen readers.
      expect((await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html).toMatch(
        new RegExp(
          `<span class="tick tick-${status}"> <svg class="icon"[^>]*aria-hidden="true">.*?</svg>${label}</span>`,
        ),
      );
    }
    f.t.db
      .query("UPDATE messages SET status = 'failed', error = 'This number is not on WhatsApp.' WHERE id = ?")
      .run(id);
    const failed = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(failed).toContain("This number is not on WhatsApp.");
    expect(failed).toContain("Your order shipped");
    expect(failed).toContain(`action="/inbox/m/${id}/retry"`);
    const before = f.t.sent.length;
    expect((await f.post(`/inbox/m/${id}/retry`, f.sam, {}, { htmx: false })).status).toBe(303);
    await settle(f);
    expect(f.t.sent.length).toBe(before + 1);
    expect(
      f.t.db.query<{ status: string }, [number]>("SELECT status FROM messages WHERE id = ?").get(id)!.status,
    ).toBe("sent");
  });

  test("Retry stays on the page (the draft in the reply box is kept): the answer is empty and the bubble updates live", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const sent = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Your order shipped" });
    const id = Number(/id="msg-(\d+)"/.exec(sent.html)![1]);
    await settle(f);
    f.t.db
      .query(
        "UPDATE messages SET status = 'failed', error = 'This channel is not connected to WhatsApp.' WHERE id = ?",
      )
      .run(id);
    const page = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(page).toContain(`<form method="post" action="/inbox/m/${id}/retry" class="retry">`);
    const before = f.t.sent.length;
    const announced: number[] = [];
    f.t.services.hub.subscribe((e) => void (e.type === "message.status" && announced.push(e.messageId)));
    const retry = await f.post(`/inbox/m/${id}/retry`, f.sam, {});
    expect(retry.status).toBe(204);
    await settle(f);
    expect(f.t.sent.length).toBe(before + 1);
    expect(announced).toContain(id);
  });

  test("a send that fails keeps the message with the reason", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const { createOutbox } = await import("../../src/messaging/outbox.ts");
    const failing = createOutbox({
      db: f.t.db,
      clock: f.t.clock,
      logger: f.t.deps.logger,
      mediaPath: f.t.services.media.path,
      sender: async () => {
        throw new Error("This channel is not connected to WhatsApp.");
      },
    });
    f.t.services.outbox = failing;
    await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Do not lose me" });
    await settle(f);
    const html = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(html).toContain("Do not lose me");
    expect(html).toContain("This channel is not connected to WhatsApp.");
    expect(html).toMatch(/<span class="tick tick-failed"> <svg class="icon"[^>]*>.*?<\/svg>Failed<\/span>/);
  });
});

describe("live updates", () => {
  test("a new message of the open conversation arrives as a partial keyed by id, and the list is told to refresh", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const text = await readEvents(f, f.sam, `/inbox/events?open=${c.conversationId}`, "inbox-changed", () => {
      f.receive(f.sales, { text: "Arrived live" });
    });
    expect(text).toMatch(
      new RegExp(
        `<hx-partial hx-target="#msgs-${c.conversationId}" hx-swap="upsert"><div id="msg-\\d+" class="msg in"`,
      ),
    );
    expect(text).toContain("Arrived live");
    expect(text).toContain("event: inbox-changed");
    // Looking at it counts as reading it.
    expect((await f.get("/inbox", f.sam)).html).not.toMatch(/aria-label="\d+ unread"/);
  });

  test("a send that fails is pushed with its reason and a Retry form carrying this person's CSRF token", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const sent = await f.post(`/inbox/c/${c.conversationId}/send`, f.sam, { text: "Will fail" });
    const id = Number(/id="msg-(\d+)"/.exec(sent.html)![1]);
    await settle(f);
    const text = await readEvents(
      f,
      f.sam,
      `/inbox/events?open=${c.conversationId}`,
      "event: inbox-changed",
      () => {
        f.t.db
          .query("UPDATE messages SET status = 'failed', error = 'Number not on WhatsApp' WHERE id = ?")
          .run(id);
        f.t.services.hub.publish({
          type: "message.status",
          channelId: f.sales,
          conversationId: c.conversationId,
          messageId: id,
        });
      },
    );
    expect(text).toContain(`<div id="msg-${id}" class="msg out failed" data-status="failed">`);
    expect(text).toContain("Number not on WhatsApp");
    expect(text).toContain(`action="/inbox/m/${id}/retry"`);
    expect(text).toContain(`name="_csrf" value="${f.sam.csrf}"`);
  });

  test("a channel's status change is pushed to the header", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, {});
    const text = await readEvents(f, f.sam, `/inbox/events?open=${c.conversationId}`, "inbox-changed", () => {
      f.t.db.query("UPDATE channels SET status = 'disconnected' WHERE id = ?").run(f.sales);
      f.t.services.hub.publish({ type: "channel.status", channelId: f.sales });
    });
    expect(text).toMatch(
      new RegExp(
        `<hx-partial hx-target="#chan-status-${f.sales}" hx-swap="outerHTML"><span id="chan-status-${f.sales}"`,
      ),
    );
    expect(text).toContain("Disconnected");
  });

  test("an inbox narrowed to one channel shows that channel's status on top, and it changes live", async () => {
    const f = await inboxFixture();
    f.t.db.query("UPDATE channels SET status = 'connected' WHERE id = ?").run(f.sales);
    const page = await f.get(`/inbox?channel=${f.sales}`, f.sam);
    expect(page.html).toMatch(
      /<p class="channel-line"><strong>Sales line<\/strong> <span id="chan-status-\d+" class="chan-status"><span class="badge status-connected"/,
    );
    expect(page.html).toContain(`hx-sse:connect="/inbox/events?channel=${f.sales}"`);
    expect((await f.get("/inbox", f.sam)).html).not.toContain('class="channel-line"');
    // A channel Sam cannot use is not named, whatever the address says.
    expect((await f.get(`/inbox?channel=${f.support}`, f.sam)).html).not.toContain("Support line");

    const text = await readEvents(f, f.sam, `/inbox/events?channel=${f.sales}`, "inbox-changed", () => {
      f.t.db
        .query("UPDATE channels SET status = 'error', last_error = 'Cannot reach WhatsApp' WHERE id = ?")
        .run(f.sales);
      f.t.services.hub.publish({ type: "channel.status", channelId: f.sales });
    });
    expect(text).toContain(`<hx-partial hx-target="#chan-status-${f.sales}" hx-swap="outerHTML">`);
    expect(text).toContain("status-error");
  });

  test("nothing of a channel the person cannot access is pushed to them", async () => {
    const f = await inboxFixture();
    const mine = f.receive(f.sales, {});
    const text = await readEvents(
      f,
      f.sam,
      `/inbox/events?open=${mine.conversationId}`,
      "event: inbox-changed",
      () => {
        f.receive(f.support, { text: "support secret" });
        f.receive(f.sales, { text: "mine arrived" });
      },
    );
    expect(text).toContain("mine arrived");
    expect(text).not.toContain("support secret");
    expect(text.match(/event: inbox-changed/g)).toHaveLength(1);
  });
});
