import ipaddr from "ipaddr.js";
import { lookup as dnsLookup } from "node:dns/promises";

/**
 * The one way Pairbox makes a request on someone's behalf (API media by URL, webhook deliveries,
 * workflow webhook steps, web push), so nobody can point it at what only the server can reach.
 *
 * - The host name is resolved here and every address it gives is checked against the rule.
 * - The request then goes to the checked address itself (the URL carries the IP, the Host header
 *   the name, and for https the certificate is verified against the name through `tls.serverName`),
 *   so a DNS answer that changes between the check and the connection (rebinding) is never used.
 * - Redirects are followed by hand, each hop resolved and checked again.
 * - Requests go straight to the target, never through HTTP(S)_PROXY, whose own DNS would undo the check.
 */

/** public: only public unicast addresses. internal: anything but link-local and cloud metadata. */
export type FetchRule = "public" | "internal";

export type FetchPolicy = {
  rule: FetchRule;
  /** Host names (`*.example.com` for subdomains), addresses and CIDR ranges reached whatever the rule (PAIRBOX_FETCH_ALLOW). */
  allow: readonly string[];
  /** How a name becomes addresses; tests pass a table instead of DNS. */
  lookup?: (host: string) => Promise<string[]>;
};

export type FetchFailureReason =
  | "invalid_url"
  | "address_not_allowed"
  | "unreachable"
  | "timeout"
  | "too_many_redirects";

export type SafeFetchResult =
  | { ok: true; response: Response; url: URL }
  /** `detail` is for logs and for people who set the URL up; API callers get `reason` only. */
  | { ok: false; reason: FetchFailureReason; detail: string };

export type SafeFetchInit = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Text, or bytes (a web push's encrypted payload). */
  body?: string | Uint8Array<ArrayBuffer>;
  /** Redirects to follow (GET only); without it a 3xx is answered back as it is. */
  maxRedirects?: number;
  signal: AbortSignal;
};

/** For fetching on an API caller's behalf (media by URL): public addresses only. */
export const publicPolicy = (allow: readonly string[]): FetchPolicy => ({ rule: "public", allow });
/** For webhooks, which often forward to local services: anything but link-local metadata. */
export const hookPolicy = (allow: readonly string[]): FetchPolicy => ({ rule: "internal", allow });

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];
type AllowList = { hosts: string[]; suffixes: string[]; ranges: Range[] };

/** Instance metadata services: link-local IPv4 and AWS's IPv6 one (inside fc00::/7, so named apart). */
const METADATA: Range[] = [ipaddr.parseCIDR("169.254.0.0/16"), ipaddr.parseCIDR("fd00:ec2::254/128")];
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function parseAllowEntry(entry: string): { host?: string; suffix?: string; range?: Range } | null {
  const e = entry.trim().toLowerCase();
  if (ipaddr.isValidCIDR(e)) {
    return { range: ipaddr.parseCIDR(e) };
  }
  if (ipaddr.isValid(e)) {
    const addr = ipaddr.process(e);
    return { range: [addr, addr.kind() === "ipv4" ? 32 : 128] };
  }
  if (!HOST_NAME.test(e)) return null;
  return e.startsWith("*.") ? { suffix: e.slice(1) } : { host: e };
}

/** The first entry that is neither a host name nor an address or CIDR range, as an error; null when all are fine. */
export function allowListError(entries: readonly string[]): string | null {
  const bad = entries.find((e) => parseAllowEntry(e) === null);
  return bad === undefined
    ? null
    : `"${bad}" is not a host name (optionally *.name), an IP address or a CIDR range`;
}

const parsedLists = new WeakMap<readonly string[], AllowList>();
function allowListOf(entries: readonly string[]): AllowList {
  let list = parsedLists.get(entries);
  if (!list) {
    list = { hosts: [], suffixes: [], ranges: [] };
    for (const entry of entries) {
      const p = parseAllowEntry(entry);
      if (p?.host) list.hosts.push(p.host);
      if (p?.suffix) list.suffixes.push(p.suffix);
      if (p?.range) list.ranges.push(p.range);
    }
    parsedLists.set(entries, list);
  }
  return list;
}

const inRange = (addr: Address, [net, bits]: Range) => addr.kind() === net.kind() && addr.match(net, bits);

function hostAllowed(host: string, list: AllowList): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return list.hosts.includes(h) || list.suffixes.some((s) => h.endsWith(s));
}

/** Why the rule refuses an address, or null when it may be reached. */
function refusal(addr: Address, rule: FetchRule): string | null {
  if (METADATA.some((r) => inRange(addr, r))) return "a link-local or cloud metadata address";
  const range = addr.range();
  if (rule === "internal") {
    return range === "linkLocal" || range === "unspecified" || range === "multicast" || range === "broadcast"
      ? `a ${range} address`
      : null;
  }
  if (range !== "unicast") return `not a public address (${range})`;
  // Outside 2000::/3 nothing is public: the deprecated IPv4-compatible ::a.b.c.d forms, for one.
  if (addr.kind() === "ipv6" && !addr.match(GLOBAL_UNICAST_V6)) return "not a public address";
  return null;
}

/** Whether `address` (resolved for `host`) may be reached under the policy. */
export function addressVerdict(
  address: string,
  host: string,
  policy: FetchPolicy,
): { ok: true } | { ok: false; why: string } {
  if (!ipaddr.isValid(address)) return { ok: false, why: `${address} is not an IP address` };
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const addr = ipaddr.process(address);
  const list = allowListOf(policy.allow);
  if (hostAllowed(host, list) || list.ranges.some((r) => inRange(addr, r))) return { ok: true };
  const why = refusal(addr, policy.rule);
  return why ? { ok: false, why: `${addr.toString()} is ${why}` } : { ok: true };
}

async function systemLookup(host: string): Promise<string[]> {
  return (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

type Checked = { ok: true; address: string } | Extract<SafeFetchResult, { ok: false }>;

/** Resolves the URL's host and checks every address; the first one is the one to connect to. */
async function checkedAddress(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<Checked> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await abortable((policy.lookup ?? systemLookup)(host), signal);
    } catch (err) {
      if (signal.aborted) return { ok: false, reason: "timeout", detail: `no answer for ${host} in time` };
      const code = (err as { code?: string }).code ?? "";
      return { ok: false, reason: "unreachable", detail: `${host} could not be resolved ${code}`.trim() };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: "unreachable", detail: `${host} has no address` };
  for (const a of addresses) {
    const verdict = addressVerdict(a, host, policy);
    if (!verdict.ok) return { ok: false, reason: "address_not_allowed", detail: `${host}: ${verdict.why}` };
  }
  return { ok: true, address: addresses[0]! };
}

function describeError(err: unknown, signal: AbortSignal): Extract<SafeFetchResult, { ok: false }> {
  const e = err as Error & { code?: string };
  if (signal.aborted || e.name === "TimeoutError" || e.name === "AbortError")
    return { ok: false, reason: "timeout", detail: "no answer in time" };
  return {
    ok: false,
    reason: "unreachable",
    detail: `connection failed: ${e.code ? `${e.code} ` : ""}${e.message || "network error"}`.trim(),
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One request to the checked address of `url`, nothing followed. */
async function pinnedFetch(
  url: URL,
  address: string,
  init: SafeFetchInit,
  method: "GET" | "POST",
  body: string | Uint8Array<ArrayBuffer> | undefined,
): Promise<Response> {
  const target = new URL(url.href);
  target.hostname = address.includes(":") ? `[${address}]` : address;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return fetch(target, {
    method,
    headers: { ...init.headers, host: url.host },
    body,
    redirect: "manual",
    signal: init.signal,
    proxy: false,
    // The certificate is checked against the name asked for, not the address connected to.
    ...(url.protocol === "https:" && !ipaddr.isValid(host) ? { tls: { serverName: host } } : {}),
  });
}

export async function safeFetch(
  input: string,
  init: SafeFetchInit,
  policy: FetchPolicy,
): Promise<SafeFetchResult> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: "invalid_url", detail: "not a URL" };
  }
  let method = init.method ?? "GET";
  let body = init.body;
  const maxRedirects = init.maxRedirects ?? 0;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return { ok: false, reason: "invalid_url", detail: `${url.protocol} URLs are not fetched` };
    const checked = await checkedAddress(url, policy, init.signal);
    if (!checked.ok) return checked;
    let res: Response;
    try {
      res = await pinnedFetch(url, checked.address, init, method, body);
    } catch (err) {
      return describeError(err, init.signal);
    }
    const location = res.headers.get("location");
    if (maxRedirects === 0 || !REDIRECTS.has(res.status) || !location)
      return { ok: true, response: res, url };
    await res.body?.cancel().catch(() => {});
    if (hop >= maxRedirects)
      return { ok: false, reason: "too_many_redirects", detail: `more than ${maxRedirects} redirects` };
    try {
      url = new URL(location, url);
    } catch {
      return { ok: false, reason: "invalid_url", detail: "a redirect to something that is not a URL" };
    }
    if (res.status === 303 || (method === "POST" && res.status !== 307 && res.status !== 308)) {
      method = "GET";
      body = undefined;
    }
  }
}

/** The first `limit` bytes of a body as text (for a log), the rest left unread. */
export async function readSnippet(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}
