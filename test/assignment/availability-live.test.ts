import { describe, expect, test } from "bun:test";
import { readEvents } from "../inbox/http-fixture.ts";
import { assignFixture } from "./fixture.ts";

describe("Available / Away, live", () => {
  test("flipping it in one tab updates the switch in the person's other tabs at once", async () => {
    const f = await assignFixture();
    const text = await readEvents(f, f.sam, "/inbox/events", 'hx-target="#availability"', async () => {
      const r = await f.post("/settings/account/availability", f.sam, { away: "1" });
      expect(r.status).toBe(200);
    });
    const partial = /<hx-partial hx-target="#availability"[^>]*>([\s\S]*?)<\/hx-partial>/.exec(text)?.[1];
    expect(partial).toContain(">Away<");
    expect(partial).toContain('name="away" value="0"');
    // The pushed form carries this tab's own CSRF token, so the next click works.
    expect(partial).toContain(f.sam.csrf);
  });

  test("a colleague's tab shows them as away in the open conversation's assignee picker", async () => {
    const f = await assignFixture();
    const c = f.receive(f.sales, {});
    expect((await f.get(`/inbox/c/${c.conversationId}`, f.bea)).html).not.toContain("Sam Agent (away)");
    const text = await readEvents(
      f,
      f.bea,
      `/inbox/events?open=${c.conversationId}`,
      "Sam Agent (away)",
      async () => {
        await f.post("/settings/account/availability", f.sam, { away: "1" });
      },
    );
    expect(text).toContain(`hx-target="#conv-header-${c.conversationId}"`);
    expect(text).toContain("Sam Agent (away)");
    // Only Sam's own tabs get Sam's switch.
    expect(text).not.toContain('hx-target="#availability"');
  });
});
