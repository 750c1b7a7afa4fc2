import { describe, expect, test } from "bun:test";
import { LOGIN_LIMITS } from "../../src/auth/rate-limit.ts";
import { issueSetupToken, setupTokenValid } from "../../src/auth/setup-token.ts";
import { addUser, adminSession, BASE, makeTestApp, postForm, signIn, TEST_PASSWORD } from "../helpers/app.ts";

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe("first-run set-up", () => {
  const admin = (extra: Record<string, string> = {}) =>
    form({
      name: "Ada",
      email: "Ada@Example.com",
      password: "long enough pw",
      confirm: "long enough pw",
      ...extra,
    });
  const userCount = (t: ReturnType<typeof makeTestApp>) =>
    t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM users").get()!.n;

  test("with no users every page leads to set-up, which asks for the link from the server's log", async () => {
    const t = makeTestApp();
    const token = issueSetupToken(t.db);
    const home = await t.request("/");
    expect(home.headers.get("location")).toStartWith("/login");
    const login = await t.request("/login");
    expect(login.headers.get("location")).toBe("/setup");
    const setup = await t.request("/setup");
    const html = await setup.text();
    expect(html).toContain("Open the set-up link that Pairbox printed in its log");
    expect(html).not.toContain("<form");
    expect(html).not.toContain(token);
    const wrong = await t.request("/setup?token=not-the-token");
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain("<form");
  });

  test("without the set-up token nobody can create the first administrator", async () => {
    const t = makeTestApp();
    issueSetupToken(t.db);
    expect((await t.request("/setup", { method: "POST", body: admin() })).status).toBe(403);
    const wrong = await t.request("/setup", { method: "POST", body: admin({ token: "x".repeat(43) }) });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain("set-up link");
    expect(userCount(t)).toBe(0);
  });

  test("the link opens the form; it creates the first administrator, signs them in, and is then used up", async () => {
    const t = makeTestApp();
    const token = issueSetupToken(t.db);
    // Only a hash of the token is kept.
    expect(JSON.stringify(t.db.query("SELECT * FROM settings").all())).not.toContain(token);
    const page = await t.request(`/setup?token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Create the first administrator");
    expect(html).toContain(`name="token" value="${token}"`);

    const res = await t.request("/setup", { method: "POST", body: admin({ token }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toContain("pairbox_session=");
    const row = t.db
      .query<{ email: string; password_hash: string }, []>("SELECT email, password_hash FROM users")
      .get()!;
    expect(row.email).toBe("ada@example.com");
    expect(row.password_hash).toStartWith("$argon2id$");
    const sets = t.db
      .query<{ name: string }, []>(
        "SELECT ps.name FROM user_permission_sets u JOIN permission_sets ps ON ps.id = u.permission_set_id",
      )
      .all();
    expect(sets.map((s) => s.name)).toEqual(["Administrator"]);
    expect(setupTokenValid(t.db, token)).toBe(false);

    const again = await t.request("/setup", {
      method: "POST",
      body: admin({ token, name: "Eve", email: "eve@example.com" }),
    });
    expect(again.status).toBe(409);
    expect((await t.request(`/setup?token=${token}`)).headers.get("location")).toBe("/login");
    expect(userCount(t)).toBe(1);
  });

  test("a new token replaces the old one (each start prints a new link)", async () => {
    const t = makeTestApp();
    const first = issueSetupToken(t.db);
    const second = issueSetupToken(t.db);
    expect(second).not.toBe(first);
    expect(setupTokenValid(t.db, first)).toBe(false);
    expect(setupTokenValid(t.db, second)).toBe(true);
  });

  test("shows each problem next to its field, and keeps the token in the form", async () => {
    const t = makeTestApp();
    const token = issueSetupToken(t.db);
    const res = await t.request("/setup", {
      method: "POST",
      body: form({ name: "", email: "not-an-email", password: "short", confirm: "other", token }),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter a name.");
    expect(html).toContain("Enter a valid email address.");
    expect(html).toContain("Use at least 10 characters.");
    expect(html).toContain("The passwords do not match.");
    expect(html).toContain(`name="token" value="${token}"`);
  });
});

describe("sign-in", () => {
  test("a good password signs in with an HttpOnly, SameSite=Lax session cookie", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    const res = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: TEST_PASSWORD, next: "/settings/account" }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/account");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    const token = /pairbox_session=([^;]+)/.exec(cookie)![1]!;
    const stored = t.db.query<{ id_hash: string }, []>("SELECT id_hash FROM sessions").get()!;
    expect(stored.id_hash).not.toBe(token);
  });

  test("the cookie is Secure when the base URL is https", async () => {
    const t = makeTestApp({ baseUrl: "https://inbox.example.com" });
    await addUser(t, "ann@example.com");
    const res = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: TEST_PASSWORD }),
      headers: { origin: "https://inbox.example.com" },
    });
    expect(res.headers.get("set-cookie")).toContain("Secure");
  });

  test("a wrong password or an inactive account is refused", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    await addUser(t, "gone@example.com", { active: false });
    const bad = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: "wrong password" }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain("Wrong email or password");
    const inactive = await t.request("/login", {
      method: "POST",
      body: form({ email: "gone@example.com", password: TEST_PASSWORD }),
    });
    expect(inactive.status).toBe(401);
    expect(inactive.headers.get("set-cookie")).toBeNull();
  });

  test("a never-before-seen redirect target off-site is ignored", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    const res = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: TEST_PASSWORD, next: "//evil.example.com/x" }),
    });
    expect(res.headers.get("location")).toBe("/");
  });

  test("signing in rotates the session: the old cookie stops working", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    const first = await signIn(t, "ann@example.com");
    const res = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: TEST_PASSWORD, _csrf: first.csrf }),
      session: first,
    });
    const second = res.headers.get("set-cookie")!.split(";")[0]!;
    expect(second).not.toBe(first.cookie);
    expect((await t.request("/settings/account", { session: first })).status).toBe(303);
    expect((await t.request("/settings/account", { headers: { cookie: second } })).status).toBe(200);
  });

  test("past the free tries, the same address must wait before trying again, even with the right password", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    for (let i = 0; i < LOGIN_LIMITS.freePerClient; i++) {
      await t.request("/login", {
        method: "POST",
        body: form({ email: "ann@example.com", password: `nope ${i}` }),
      });
    }
    const blocked = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: TEST_PASSWORD }),
    });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("Too many failed sign-ins");
    const wait = Number(blocked.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    t.advance(wait * 1000);
    const later = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: TEST_PASSWORD }),
    });
    expect(later.status).toBe(303);
  });

  test("too many failures from one address are refused across accounts", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) {
      await t.request("/login", {
        method: "POST",
        body: form({ email: `guess${i}@example.com`, password: "nope nope" }),
      });
    }
    const blocked = await t.request("/login", {
      method: "POST",
      body: form({ email: "ann@example.com", password: TEST_PASSWORD }),
    });
    expect(blocked.status).toBe(429);
  });

  test("behind a trusted proxy the address is the one the proxy appended; without that setting the header is ignored", async () => {
    const failFrom = async (t: ReturnType<typeof makeTestApp>, xff: string, n: number) => {
      for (let i = 0; i < n; i++) {
        await t.request("/login", {
          method: "POST",
          headers: { "x-forwarded-for": xff.replace("$i", String(i)) },
          body: form({ email: `guess${i}@example.com`, password: "nope nope" }),
        });
      }
    };
    const signInFrom = (t: ReturnType<typeof makeTestApp>, xff: string) =>
      t.request("/login", {
        method: "POST",
        headers: { "x-forwarded-for": xff },
        body: form({ email: "ann@example.com", password: TEST_PASSWORD }),
      });

    const proxied = makeTestApp({ trustProxy: true });
    await addUser(proxied, "ann@example.com");
    // The attacker forges the start of the header; the proxy's entry at the end still counts.
    await failFrom(proxied, "10.0.0.$i, 203.0.113.7", LOGIN_LIMITS.perIp);
    expect((await signInFrom(proxied, "198.51.100.2")).status).toBe(303);
    expect((await signInFrom(proxied, "203.0.113.7")).status).toBe(429);

    const direct = makeTestApp();
    await addUser(direct, "ann@example.com");
    await failFrom(direct, "10.0.0.$i", LOGIN_LIMITS.perIp);
    expect((await signInFrom(direct, "198.51.100.2")).status).toBe(429);
  });

  test("signing out invalidates the session on the server", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    const s = await signIn(t, "ann@example.com");
    const out = await postForm(t, "/logout", s, {});
    expect(out.status).toBe(303);
    expect(t.db.query<{ n: number }, []>("SELECT count(*) AS n FROM sessions").get()!.n).toBe(0);
    const after = await t.request("/settings/account", { session: s });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toStartWith("/login");
  });
});

describe("CSRF", () => {
  test("a forged cross-site POST is rejected", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const forged = await t.request("/settings/groups", {
      method: "POST",
      body: form({ name: "Hackers", _csrf: admin.csrf }),
      session: admin,
      headers: { origin: "https://evil.example.com" },
    });
    expect(forged.status).toBe(403);
    expect(t.db.query("SELECT * FROM user_groups").all()).toHaveLength(0);
  });

  test("a same-origin POST without the session's token is rejected", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const noToken = await t.request("/settings/groups", {
      method: "POST",
      body: form({ name: "Sales" }),
      session: admin,
    });
    expect(noToken.status).toBe(403);
    const wrong = await t.request("/settings/groups", {
      method: "POST",
      body: form({ name: "Sales", _csrf: "x".repeat(43) }),
      session: admin,
    });
    expect(wrong.status).toBe(403);
    const ok = await postForm(t, "/settings/groups", admin, { name: "Sales" });
    expect(ok.status).toBe(303);
  });

  test("htmx requests carry the token in a header", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const res = await t.request("/settings/groups", {
      method: "POST",
      body: form({ name: "Support" }),
      session: admin,
      headers: { "x-csrf-token": admin.csrf, "hx-request": "true" },
    });
    expect(res.status).toBe(303);
  });
});

describe("web shell", () => {
  test("pages are served with a nonce CSP, no framing, and htmx from our own origin", async () => {
    const t = makeTestApp();
    const res = await t.request("/setup");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toStartWith("<!DOCTYPE html>");
    expect(html).toContain('src="/static/htmx.min.js');
    const js = await t.request("/static/htmx.min.js");
    expect(js.status).toBe(200);
    expect(await js.text()).toContain("htmx");
  });

  test("/healthz checks the database and reports the version", async () => {
    const t = makeTestApp();
    const res = await t.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", version: "test", database: "ok" });
    t.db.close();
    expect((await t.request("/healthz")).status).toBe(503);
  });

  test("an unknown page is a friendly 404", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const res = await t.request("/no/such/page", { session: admin });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("There is nothing at this address");
  });

  test("a crash in a route is a plain 500 page with a reference, never a stack trace", async () => {
    const t = makeTestApp();
    t.app.get("/boom", () => {
      throw new Error("secret internals");
    });
    const admin = await adminSession(t);
    const res = await t.request("/boom", { session: admin });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("secret internals");
  });

  test("requests without a session go to sign-in", async () => {
    const t = makeTestApp();
    await addUser(t, "ann@example.com");
    const res = await fetchPath(t, "/settings/users");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fsettings%2Fusers");
  });

  test("an in-page request that finds the session expired sends the person back to the page they were on", async () => {
    const t = makeTestApp();
    const inPage = await t.request("/inbox/c/36/send", {
      method: "POST",
      headers: { "hx-request": "true", "hx-current-url": `${BASE}/inbox/c/36?channel=2` },
    });
    expect(inPage.status).toBe(401);
    expect(inPage.headers.get("hx-redirect")).toBe("/login?next=%2Finbox%2Fc%2F36%3Fchannel%3D2");
    // Another site's address is never a place to come back to.
    const foreign = await t.request("/inbox/list", {
      headers: { "hx-request": "true", "hx-current-url": "https://evil.example/phish" },
    });
    expect(foreign.headers.get("hx-redirect")).toBe("/login?next=%2Finbox%2Flist");
    const form = await t.request("/inbox/c/36/send", { method: "POST" });
    expect(form.headers.get("location")).toBe("/login?next=%2F");
  });
});

function fetchPath(t: ReturnType<typeof makeTestApp>, path: string) {
  return t.app.request(`${BASE}${path}`);
}
