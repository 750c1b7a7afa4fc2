import { describe, expect, test } from "bun:test";
import { makeTestApp, postForm, adminSession } from "../helpers/app.ts";
import type { Config } from "../../src/config.ts";

/** A request as a browser sends it to `host` (what DNS rebinding makes a browser send to us). */
function asHost(t: ReturnType<typeof makeTestApp>, host: string, path = "/", init: RequestInit = {}) {
  return t.app.request(`http://${host}${path}`, init);
}

describe("the Host a request names", () => {
  test("a name that is not ours is refused with 421 before any route runs, set-up and sign-in included", async () => {
    const t = makeTestApp();
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/setup"],
      ["POST", "/setup"],
      ["GET", "/login"],
      ["POST", "/login"],
      ["GET", "/inbox/events"],
    ] as const) {
      const res = await asHost(t, "rebind.attacker.example:3000", path, {
        method,
        ...(method === "POST"
          ? {
              body: new URLSearchParams({ name: "Eve" }),
              headers: { origin: "http://rebind.attacker.example:3000" },
            }
          : {}),
      });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 421 });
      expect(await res.text()).toContain("PAIRBOX_ALLOWED_HOSTS");
    }
  });

  test("a real browser's Host header is what counts, not only the URL", async () => {
    const t = makeTestApp();
    const res = await t.app.request("http://localhost:3000/login", {
      headers: { host: "evil.example:3000" },
    });
    expect(res.status).toBe(421);
  });

  test("without a base URL: localhost, 127.0.0.1 and [::1] on any port (a published container port), the --host address on the listening port", async () => {
    const t = makeTestApp({ host: "192.168.1.5" });
    for (const host of [
      "localhost:3000",
      "127.0.0.1:3000",
      "[::1]:3000",
      "192.168.1.5:3000",
      "LOCALHOST:3000",
      "localhost:8080",
      "127.0.0.1:8080",
    ])
      expect({ host, status: (await asHost(t, host, "/login")).status }).toEqual({ host, status: 303 });
    for (const host of [
      "192.168.1.5:4000",
      "192.168.1.6:3000",
      "localhost.evil.com:3000",
      "localhost.:3000",
      "0.0.0.0:3000",
    ])
      expect({ host, status: (await asHost(t, host, "/login")).status }).toEqual({ host, status: 421 });
  });

  test("with a base URL its host is accepted; PAIRBOX_ALLOWED_HOSTS adds names, on the listening port or the default one", async () => {
    const t = makeTestApp({
      baseUrl: "https://inbox.example.com",
      allowedHosts: ["pairbox.lan", "10.0.0.5:8080"],
    } as Partial<Config>);
    for (const host of [
      "inbox.example.com",
      "inbox.example.com:443",
      "pairbox.lan",
      "pairbox.lan:3000",
      "10.0.0.5:8080",
      "localhost:3000",
    ])
      expect({ host, status: (await asHost(t, host, "/login")).status }).toEqual({ host, status: 303 });
    for (const host of ["inbox.example.com:8443", "pairbox.lan:8080", "10.0.0.5:3000", "example.com"])
      expect({ host, status: (await asHost(t, host, "/login")).status }).toEqual({ host, status: 421 });
  });

  test("health, metrics, the key-authenticated API and public files answer whatever name they are reached by", async () => {
    const t = makeTestApp({ baseUrl: "https://inbox.example.com" });
    expect((await asHost(t, "pairbox:3000", "/static/app.css")).status).toBe(200);
    expect((await asHost(t, "pairbox:3000", "/healthz")).status).toBe(200);
    expect((await asHost(t, "pairbox:3000", "/metrics")).status).toBe(404);
    expect((await asHost(t, "pairbox:3000", "/api/v1/channels")).status).toBe(401);
  });
});

describe("the CSRF origin check", () => {
  test("an Origin that is not an allowed one is refused even when the browser calls it same-origin", async () => {
    const t = makeTestApp();
    const res = await t.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email: "a@example.com", password: "whatever pw" }),
      headers: { origin: "http://evil.example", "sec-fetch-site": "same-origin" },
    });
    expect(res.status).toBe(403);
  });

  test("the origin of an allowed host is accepted, another one is not", async () => {
    const t = makeTestApp({ allowedHosts: ["pairbox.lan"] } as Partial<Config>);
    const admin = await adminSession(t);
    const post = (origin: string) =>
      t.app.request("http://pairbox.lan:3000/settings/groups", {
        method: "POST",
        body: new URLSearchParams({ name: `G ${origin}`, _csrf: admin.csrf }),
        headers: { cookie: admin.cookie, origin },
      });
    expect((await post("http://other.lan:3000")).status).toBe(403);
    expect((await post("http://pairbox.lan:3000")).status).toBe(303);
    expect((await postForm(t, "/settings/groups", admin, { name: "Via base" })).status).toBe(303);
  });
});
