import { describe, expect, test } from "bun:test";
import { LOGIN_LIMITS } from "../../src/auth/rate-limit.ts";
import { addUser, makeTestApp, TEST_PASSWORD } from "../helpers/app.ts";

type App = ReturnType<typeof makeTestApp>;

/** A sign-in from one address (behind the trusted proxy, the address is the X-Forwarded-For entry). */
function attempt(t: App, email: string, password: string, opts: { ip?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.ip) headers["x-forwarded-for"] = opts.ip;
  if (opts.cookie) headers.cookie = opts.cookie;
  return t.request("/login", { method: "POST", headers, body: new URLSearchParams({ email, password }) });
}

/** How many attempts reached the password check: each one is reserved as a row before it runs. */
const verified = (t: App, email?: string) =>
  t.db
    .query<{ n: number }, [string]>("SELECT count(*) AS n FROM login_attempts WHERE (?1 = '' OR email = ?1)")
    .get(email ?? "")!.n;

/** The "known browser" cookie a successful sign-in leaves, as the browser sends it back. */
const knownBrowserCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("pairbox_known="));

describe("sign-in limits hold under concurrency", () => {
  test("200 concurrent wrong passwords for one account: only the free tries reach the password check", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => attempt(t, "ann@example.com", `guess ${i}`)),
    );
    expect(verified(t, "ann@example.com")).toBe(LOGIN_LIMITS.freePerClient);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.freePerClient);
    expect(statuses.filter((s) => s === 429)).toHaveLength(200 - LOGIN_LIMITS.freePerClient);
  });

  test("200 concurrent guesses across accounts from one address: at most the address limit reach the check", async () => {
    const t = makeTestApp();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => attempt(t, `guess${i}@example.com`, "nope nope nope")),
    );
    expect(verified(t)).toBe(LOGIN_LIMITS.perIp);
  });
});

describe("nobody can lock the owner out", () => {
  test("an attacker's failures from one address never stop the owner signing in from another", async () => {
    const t = makeTestApp({ trustProxy: true });
    await addUser(t, "ann@example.com");
    for (let i = 0; i < 30; i++) await attempt(t, "ann@example.com", `guess ${i}`, { ip: "203.0.113.7" });
    expect((await attempt(t, "ann@example.com", TEST_PASSWORD, { ip: "203.0.113.7" })).status).toBe(429);
    expect((await attempt(t, "ann@example.com", TEST_PASSWORD, { ip: "198.51.100.2" })).status).toBe(303);
  });

  test("failures from many addresses slow down unknown browsers; the owner's own browser goes straight in", async () => {
    const t = makeTestApp({ trustProxy: true });
    await addUser(t, "ann@example.com");
    // The owner signed in from this browser before: it holds a cookie that says so, for this account.
    const earlier = await attempt(t, "ann@example.com", TEST_PASSWORD, { ip: "198.51.100.2" });
    const cookie = knownBrowserCookie(earlier);
    expect(cookie).toBeDefined();

    for (let i = 0; i < LOGIN_LIMITS.freePerAccount + 10; i++)
      await attempt(t, "ann@example.com", `guess ${i}`, { ip: `10.0.${i >> 8}.${i & 255}` });
    const fresh = await attempt(t, "ann@example.com", TEST_PASSWORD, { ip: "192.0.2.99" });
    expect(fresh.status).toBe(429);
    expect(await fresh.text()).toMatch(/Try again in \d+ seconds?\./);
    // The delay for unknown browsers stays small: a minute at most.
    expect(Number(fresh.headers.get("retry-after"))).toBeLessThanOrEqual(60);

    const owner = await attempt(t, "ann@example.com", TEST_PASSWORD, { ip: "192.0.2.99", cookie });
    expect(owner.status).toBe(303);
    // The cookie is for that account only: it lets nobody past the limits of another.
    await addUser(t, "bob@example.com");
    for (let i = 0; i < LOGIN_LIMITS.freePerAccount + 10; i++)
      await attempt(t, "bob@example.com", `guess ${i}`, { ip: `10.1.${i >> 8}.${i & 255}` });
    expect((await attempt(t, "bob@example.com", TEST_PASSWORD, { ip: "192.0.2.98", cookie })).status).toBe(
      429,
    );
  });

  test("after the free tries each further one waits twice as long, and the right password then works", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    for (let i = 0; i < LOGIN_LIMITS.freePerClient; i++)
      expect((await attempt(t, "ann@example.com", `guess ${i}`)).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const refused = await attempt(t, "ann@example.com", "guess again");
      expect(refused.status).toBe(429);
      const seconds = Number(refused.headers.get("retry-after"));
      waits.push(seconds);
      t.advance(seconds * 1000);
      expect((await attempt(t, "ann@example.com", `late guess ${i}`)).status).toBe(401);
    }
    expect(waits).toEqual([2, 4, 8]);
    const refused = await attempt(t, "ann@example.com", TEST_PASSWORD);
    expect(refused.status).toBe(429);
    t.advance(Number(refused.headers.get("retry-after")) * 1000);
    expect((await attempt(t, "ann@example.com", TEST_PASSWORD)).status).toBe(303);
    // A success starts that browser afresh.
    expect((await attempt(t, "ann@example.com", "one typo")).status).toBe(401);
  });

  test("the per-client delay is capped, so even a long attack leaves the owner a try every 15 minutes", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const res = await attempt(t, "ann@example.com", `guess ${i}`);
      if (res.status === 429) {
        last = Number(res.headers.get("retry-after"));
        t.advance(last * 1000);
      }
    }
    expect(last).toBe(LOGIN_LIMITS.maxClientDelayMs / 1000);
  });
});
