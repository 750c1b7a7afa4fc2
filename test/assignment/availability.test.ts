import { describe, expect, test } from "bun:test";
import { assignFixture } from "./fixture.ts";

describe("the Available / Away switch", () => {
  test("every page's top bar shows it; flipping it changes only your own, with or without htmx", async () => {
    const f = await assignFixture();
    const page = await f.get("/inbox", f.sam);
    expect(page.html).toContain('id="availability"');
    expect(page.html).toContain("Available");
    const flipped = await f.post("/settings/account/availability", f.sam, { away: "1" });
    expect(flipped.status).toBe(200);
    expect(flipped.html).toContain("Away");
    expect((await f.get("/settings/account/availability", f.sam)).html).toContain("Away");
    // Bea is untouched; her own top bar still says Available.
    expect((await f.get("/settings/account/availability", f.bea)).html).toContain("Available");
    const back = await f.post(
      "/settings/account/availability",
      f.sam,
      { away: "0" },
      { htmx: false, headers: { referer: "http://localhost/inbox?filter=mine" } },
    );
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/inbox?filter=mine");
    const away = f.t.db
      .query<{ away: number }, [number]>("SELECT away FROM users WHERE id = ?")
      .get(f.sam.userId)!;
    expect(away.away).toBe(0);
  });

  test("the limit is an administrator's: an agent cannot set one; the people list marks who is away", async () => {
    const f = await assignFixture();
    const denied = await f.post(
      `/settings/users/${f.sam.userId}/assignment`,
      f.sam,
      { open_limit: "99" },
      { htmx: false },
    );
    expect([403, 404]).toContain(denied.status);
    const limit = f.t.db
      .query<{ open_limit: number | null }, [number]>("SELECT open_limit FROM users WHERE id = ?")
      .get(f.sam.userId)!;
    expect(limit.open_limit).toBeNull();
    await f.post("/settings/account/availability", f.bea, { away: "1" });
    const c = f.receive(f.sales, {});
    const header = (await f.get(`/inbox/c/${c.conversationId}`, f.sam)).html;
    expect(header).toContain("Bea Agent (away)");
    const card = (await f.get(`/settings/users/${f.bea.userId}`, f.admin)).html;
    expect(card).toContain("Away: nothing is auto-assigned to them now.");
    expect(card).toContain("Limit of open conversations");
  });
});
