import { describe, expect, test } from "bun:test";
import { inboxFixture } from "./http-fixture.ts";
import { insertTemplate } from "../../src/templates/store.ts";

// Saves (its syntax is fine) but runs out of the renderer's memory allowance for this recipient.
const TOO_BIG =
  '{% assign a = "xxxxxxxxxx" %}{% for i in (1..20) %}{% assign a = a | append: a %}{% endfor %}{{ a }}';

describe("a template that fails while filling in", () => {
  test("in the reply box the error shows beside the picker and the message text is left as it was", async () => {
    const f = await inboxFixture();
    const c = f.receive(f.sales, { peerPhone: "+447700900123" });
    const id = insertTemplate(f.t.db, "Too big", TOO_BIG, 0);
    const page = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(page).toContain('id="reply-template-error"');
    const res = await f.get(`/inbox/c/${c.conversationId}/template?template=${id}`, f.sam);
    expect(res.status).toBe(200);
    // Only the error slot is replaced: nothing goes into the box that could be sent to the customer.
    expect(res.html).not.toContain("<textarea");
    expect(res.html).toMatch(
      /^<hx-partial hx-target="#reply-template-error" hx-swap="innerHTML">Template error: memory alloc limit exceeded[^<]*<\/hx-partial>$/,
    );
    const ok = insertTemplate(f.t.db, "Fine", "Hello", 0);
    const good = await f.get(`/inbox/c/${c.conversationId}/template?template=${ok}`, f.sam);
    expect(good.html).toContain(">Hello</textarea>");
    expect(good.html).toContain(
      '<hx-partial hx-target="#reply-template-error" hx-swap="innerHTML"></hx-partial>',
    );
  });

  test("on New message the error shows beside the picker and the message text is left as it was", async () => {
    const f = await inboxFixture();
    const id = insertTemplate(f.t.db, "Too big", TOO_BIG, 0);
    expect((await f.get("/inbox/compose", f.sam)).html).toContain('id="compose-template-error"');
    const res = await f.get(
      `/inbox/compose/template?template=${id}&channel=${f.sales}&to=07700900456&text=typed`,
      f.sam,
    );
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("<textarea");
    expect(res.html).toMatch(
      /^<hx-partial hx-target="#compose-template-error" hx-swap="innerHTML">Template error: memory alloc limit exceeded[^<]*<\/hx-partial>$/,
    );
    const ok = insertTemplate(f.t.db, "Fine", "Hello", 0);
    const good = await f.get(
      `/inbox/compose/template?template=${ok}&channel=${f.sales}&to=07700900456`,
      f.sam,
    );
    expect(good.html).toContain(">Hello</textarea>");
    expect(good.html).toContain(
      '<hx-partial hx-target="#compose-template-error" hx-swap="innerHTML"></hx-partial>',
    );
  });
});
