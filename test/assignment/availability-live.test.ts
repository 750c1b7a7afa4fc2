import { describe, expect, test } from "bun:test";
import { readEvents } from "../inbox/http-fixture.ts";
import { assignFixture } from "./fixture.ts";

describe("Available / Away, live", () => {
  test("flipping it in one tab tells the person's other tabs at once, and theirs only", async () => {
    const f = await assignFixture();
    const flip = async () => {
      const r = await f.post("/settings/account/availability", f.sam, { away: "1" });
      expect(r.status).toBe(200);
    };
    const sams = await readEvents(f, f.sam, "/inbox/events", "event: availability-changed", flip);
    expect(sams).toContain("event: availability-changed");
    // That tab's switch then fetches itself again, and shows Away.
    expect((await f.get("/settings/account/availability", f.sam)).html).toContain(">Away<");
    // Nothing about a conversation changed: the list is not asked to refresh.
    expect(sams).not.toContain("event: inbox-changed");
    // The switch listens for it.
    expect((await f.get("/inbox", f.sam)).html).toContain("availability-changed from:body");
    // Bea's tab: Sam's flip back tells it nothing; a message arriving after it does reach it.
    const beas = await readEvents(f, f.bea, "/inbox/events", "event: inbox-changed", async () => {
      await f.post("/settings/account/availability", f.sam, { away: "0" });
      f.receive(f.sales, {});
    });
    expect(beas).not.toContain("availability-changed");
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
