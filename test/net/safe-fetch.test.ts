import { afterEach, describe, expect, test } from "bun:test";
import {
  addressVerdict,
  allowListError,
  readSnippet,
  safeFetch,
  type FetchPolicy,
} from "../../src/net/safe-fetch.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A loopback server that records each request's Host header and path. */
function server(handler: (req: Request) => Response | Promise<Response> = () => new Response("ok")) {
  const seen: { host: string | null; path: string }[] = [];
  const s = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      seen.push({ host: req.headers.get("host"), path: new URL(req.url).pathname });
      return handler(req);
    },
  });
  cleanups.push(() => s.stop(true));
  return { port: s.port, seen, url: `http://127.0.0.1:${s.port}` };
}

/** Names resolve only through this table: no real DNS in tests. */
const names =
  (table: Record<string, string[]>) =>
  async (host: string): Promise<string[]> => {
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return found;
  };

const publicOnly = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ rule: "public", allow: [], ...over });
const internal = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ rule: "internal", allow: [], ...over });
const signal = () => AbortSignal.timeout(5_000);

describe("which addresses each rule reaches", () => {
  test("public-only refuses loopback, private, CGNAT, link-local, ULA, multicast, unspecified and mapped forms", () => {
    for (const ip of [
      "127.0.0.1",
      "127.8.9.10",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "0.0.0.0",
      "0.1.2.3",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fe80::1",
      "fc00::1",
      "fd00:ec2::254",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::127.0.0.1",
      "64:ff9b::7f00:1",
      "2002:7f00:1::",
    ])
      expect([ip, addressVerdict(ip, "example.test", publicOnly()).ok]).toEqual([ip, false]);
    for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
      expect([ip, addressVerdict(ip, "example.test", publicOnly()).ok]).toEqual([ip, true]);
  });

  test("webhooks reach loopback and private networks, never link-local metadata unless allowed", () => {
    for (const ip of ["127.0.0.1", "10.0.0.5", "192.168.1.20", "fd12::5", "::1"])
      expect([ip, addressVerdict(ip, "hooks.test", internal()).ok]).toEqual([ip, true]);
    for (const ip of ["169.254.169.254", "169.254.0.1", "fd00:ec2::254", "fe80::1", "::ffff:169.254.169.254"])
      expect([ip, addressVerdict(ip, "hooks.test", internal()).ok]).toEqual([ip, false]);
    expect(addressVerdict("169.254.169.254", "x", internal({ allow: ["169.254.169.254"] })).ok).toBe(true);
    expect(addressVerdict("169.254.1.1", "x", internal({ allow: ["169.254.0.0/16"] })).ok).toBe(true);
  });

  test("the allow-list names hosts (and their subdomains with *.) or ranges", () => {
    const policy = publicOnly({ allow: ["files.internal", "*.corp.example", "10.0.0.0/8", "fd00::/8"] });
    expect(addressVerdict("192.168.1.1", "files.internal", policy).ok).toBe(true);
    expect(addressVerdict("192.168.1.1", "a.b.corp.example", policy).ok).toBe(true);
    expect(addressVerdict("192.168.1.1", "corp.example.evil", policy).ok).toBe(false);
    expect(addressVerdict("10.9.9.9", "anything.test", policy).ok).toBe(true);
    expect(addressVerdict("fd00::1", "anything.test", policy).ok).toBe(true);
    expect(addressVerdict("192.168.1.1", "anything.test", policy).ok).toBe(false);
  });

  test("a malformed allow-list entry is named", () => {
    expect(allowListError(["10.0.0.0/8", "media.example.com", "*.corp.example"])).toBeNull();
    expect(allowListError(["10.0.0.0/33"])).toContain("10.0.0.0/33");
    expect(allowListError(["http://x"])).toContain("http://x");
  });
});

describe("safeFetch", () => {
  test("a private address is refused before any connection is made", async () => {
    const s = server();
    const res = await safeFetch(`${s.url}/secret`, { signal: signal() }, publicOnly());
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toBe("address_not_allowed");
    expect(s.seen).toEqual([]);
  });

  test("a name is checked after DNS: one that resolves to loopback is refused, whatever it is called", async () => {
    const s = server();
    const policy = publicOnly({ lookup: names({ "cdn.example.test": ["93.184.216.34", "127.0.0.1"] }) });
    const res = await safeFetch(`http://cdn.example.test:${s.port}/a`, { signal: signal() }, policy);
    expect(res.ok ? "fetched" : res.reason).toBe("address_not_allowed");
    expect(s.seen).toEqual([]);
  });

  test("an allowed name is fetched from the address that was checked, with its own Host header", async () => {
    const s = server(() => new Response("file"));
    const policy = publicOnly({
      allow: ["media.example.test"],
      lookup: names({ "media.example.test": ["127.0.0.1"] }),
    });
    const res = await safeFetch(`http://media.example.test:${s.port}/f.png`, { signal: signal() }, policy);
    if (!res.ok) throw new Error(res.detail);
    expect(await res.response.text()).toBe("file");
    expect(res.url.href).toBe(`http://media.example.test:${s.port}/f.png`);
    expect(s.seen).toEqual([{ host: `media.example.test:${s.port}`, path: "/f.png" }]);
  });

  test("every redirect hop is checked again: from an allowed host to a private one is refused", async () => {
    const inside = server(() => new Response("internal"));
    const outside = server(() => Response.redirect(`${inside.url}/admin`, 302));
    const policy = publicOnly({
      allow: ["media.example.test"],
      lookup: names({ "media.example.test": ["127.0.0.1"] }),
    });
    const res = await safeFetch(
      `http://media.example.test:${outside.port}/f.png`,
      { signal: signal(), maxRedirects: 5 },
      policy,
    );
    expect(res.ok ? "fetched" : res.reason).toBe("address_not_allowed");
    expect(outside.seen.length).toBe(1);
    expect(inside.seen).toEqual([]);
  });

  test("redirects are followed up to the limit, relative ones too", async () => {
    let hops = 0;
    const s = server((req) => {
      const n = Number(new URL(req.url).pathname.slice(1));
      hops += 1;
      return n < 9
        ? new Response(null, { status: 301, headers: { location: `/${n + 1}` } })
        : new Response("end");
    });
    const policy = publicOnly({ allow: ["127.0.0.1"] });
    const five = await safeFetch(`${s.url}/4`, { signal: signal(), maxRedirects: 5 }, policy);
    if (!five.ok) throw new Error(five.detail);
    expect(await five.response.text()).toBe("end");
    expect(five.url.pathname).toBe("/9");
    hops = 0;
    const six = await safeFetch(`${s.url}/3`, { signal: signal(), maxRedirects: 5 }, policy);
    expect(six.ok ? "fetched" : six.reason).toBe("too_many_redirects");
    expect(hops).toBe(6);
  });

  test("without maxRedirects a 3xx comes back as it is, unfollowed", async () => {
    const s = server(() => new Response(null, { status: 302, headers: { location: "/elsewhere" } }));
    const res = await safeFetch(
      `${s.url}/hook`,
      { method: "POST", body: "{}", signal: signal() },
      internal(),
    );
    if (!res.ok) throw new Error(res.detail);
    expect(res.response.status).toBe(302);
    expect(s.seen.map((r) => r.path)).toEqual(["/hook"]);
  });

  test("a closed port, an unknown name and a timeout are each 'unreachable' or 'timeout', with details only for logs", async () => {
    const s = server();
    const closedPort = s.port;
    cleanups.pop()!();
    const allow = publicOnly({ allow: ["127.0.0.1"], lookup: names({}) });
    const closed = await safeFetch(`http://127.0.0.1:${closedPort}/`, { signal: signal() }, allow);
    expect(closed.ok ? "fetched" : closed.reason).toBe("unreachable");
    const unknown = await safeFetch("http://nowhere.test/", { signal: signal() }, allow);
    expect(unknown.ok ? "fetched" : unknown.reason).toBe("unreachable");
    const slow = server(() => new Promise<Response>(() => {}));
    const timedOut = await safeFetch(`${slow.url}/`, { signal: AbortSignal.timeout(200) }, allow);
    expect(timedOut.ok ? "fetched" : timedOut.reason).toBe("timeout");
  });

  test("only http and https URLs are fetched", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.com/", "not a url"]) {
      const res = await safeFetch(url, { signal: signal() }, publicOnly());
      expect(res.ok ? "fetched" : res.reason).toBe("invalid_url");
    }
  });

  test("a response snippet keeps at most the first bytes of a large body", async () => {
    const s = server(() => new Response("x".repeat(100_000)));
    const res = await safeFetch(`${s.url}/`, { signal: signal() }, internal());
    if (!res.ok) throw new Error(res.detail);
    expect(await readSnippet(res.response, 512)).toBe("x".repeat(512));
  });
});
