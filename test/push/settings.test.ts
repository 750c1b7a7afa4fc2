import { afterEach, describe, expect, test } from "bun:test";
import { postForm } from "../helpers/app.ts";
import { pushFixture } from "./fixture.ts";
import { inQuietHours } from "../../src/push/quiet-hours.ts";
import { DEFAULT_PREFERENCES } from "../../src/push/store.ts";

let stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops) s();
  stops = [];
});

async function fixture() {
  const f = await pushFixture();
  stops.push(f.service.stop);
  return f;
}

const owners = (f: Awaited<ReturnType<typeof fixture>>) =>
  f.t.db
    .query<{ user_id: number }, []>("SELECT user_id FROM push_subscriptions ORDER BY id")
    .all()
    .map((r) => r.user_id);

describe("push subscriptions", () => {
  test("only a well-formed subscription is stored, and only with the session's CSRF token", async () => {
    const f = await fixture();
    const good = f.service.browser("a");
    for (const bad of [
      {},
      { endpoint: "javascript:alert(1)", keys: good.keys },
      { endpoint: good.endpoint, keys: { p256dh: "short", auth: good.keys.auth } },
      { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh, auth: "%%%" } },
      { endpoint: `${good.endpoint}${"x".repeat(3000)}`, keys: good.keys },
    ]) {
      const res = await f.subscribe(f.sam, bad);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { message: string }).message).toBe("That is not a push subscription.");
    }
    const noToken = await f.t.request("/settings/notifications/subscriptions", {
      method: "POST",
      session: f.sam,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(good),
    });
    expect(noToken.status).toBe(403);
    // The page's script shows this sentence, so it comes as JSON, not as an HTML page.
    expect(((await noToken.json()) as { message: string }).message).toBe(
      "The form expired or was not sent from Pairbox. Reload the page and try again.",
    );
    expect(owners(f)).toEqual([]);
    expect((await f.subscribe(f.sam, good)).status).toBe(201);
    expect(owners(f)).toEqual([f.sam.userId]);
  });

  test("a browser belongs to whoever signed in on it last; removing it touches only one's own", async () => {
    const f = await fixture();
    const shared = f.service.browser("shared");
    await f.subscribe(f.sam, shared);
    await f.subscribe(f.admin, shared);
    expect(owners(f)).toEqual([f.admin.userId]);
    const remove = (session: typeof f.sam) =>
      f.t.request("/settings/notifications/subscriptions", {
        method: "DELETE",
        session,
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf },
        body: JSON.stringify({ endpoint: shared.endpoint }),
      });
    expect((await remove(f.sam)).status).toBe(404);
    expect((await remove(f.admin)).status).toBe(204);
    expect(owners(f)).toEqual([]);
  });

  test("the test button pushes to one's own browsers", async () => {
    const f = await fixture();
    await f.subscribe(f.sam, f.service.browser("sam"));
    const res = await postForm(f.t, "/settings/notifications/test", f.sam, {});
    expect(res.headers.get("location")).toBe("/settings/notifications?tested=1");
    expect((await f.deliver()).map((p) => [p.path, p.payload.body])).toEqual([
      ["/push/sam", "Push notifications work on this device."],
    ]);
  });

  test("the public key is this server's VAPID key, the same every time", async () => {
    const f = await fixture();
    const a = (await (await f.t.request("/settings/notifications/key", { session: f.sam })).json()) as {
      publicKey: string;
    };
    const b = (await (await f.t.request("/settings/notifications/key", { session: f.admin })).json()) as {
      publicKey: string;
    };
    expect(Buffer.from(a.publicKey, "base64url").length).toBe(65);
    expect(b.publicKey).toBe(a.publicKey);
  });
});

describe("push settings form", () => {
  test("a half or malformed quiet-hours range is answered next to the field, nothing saved", async () => {
    const f = await fixture();
    let res = await postForm(f.t, "/settings/notifications", f.sam, {
      kinds: "mentions",
      quietFrom: "22:00",
      quietTo: "",
    });
    expect(res.status).toBe(422);
    let html = await res.text();
    expect(html).toMatch(
      /id="f-quietTo"[^>]*aria-invalid="true"|Give both ends of the quiet hours, or neither\./,
    );
    expect(html).toContain("Give both ends of the quiet hours, or neither.");
    res = await postForm(f.t, "/settings/notifications", f.sam, { quietFrom: "25:00", quietTo: "07:00" });
    html = await res.text();
    expect(html).toContain("Write a time as HH:MM, e.g. 22:00.");
    expect(f.t.db.query("SELECT * FROM push_preferences").all()).toEqual([]);
  });

  test("quiet hours wrap past midnight and follow the person's zone", () => {
    const p = { ...DEFAULT_PREFERENCES, quietFrom: 22 * 60, quietTo: 7 * 60, timeZone: "America/New_York" };
    expect(inQuietHours(p, Date.UTC(2026, 0, 15, 4, 0))).toBe(true); // 23:00 in New York
    expect(inQuietHours(p, Date.UTC(2026, 0, 15, 13, 0))).toBe(false); // 08:00
    expect(inQuietHours({ ...p, timeZone: "UTC" }, Date.UTC(2026, 0, 15, 4, 0))).toBe(true);
    expect(inQuietHours({ ...p, quietFrom: null }, Date.UTC(2026, 0, 15, 4, 0))).toBe(false);
  });
});
