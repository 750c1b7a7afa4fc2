/**
 * Host names as the Host header and the configuration give them, in one comparable form:
 * lower case, IPv6 in brackets, and no port when it is a default one (80 or 443), since a browser
 * leaves that out. Null for anything that is not a bare `host[:port]`.
 */
export function canonicalHost(value: string): string | null {
  if (!value || value.length > 300 || /[\s/\\?#@]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(`http://${value}`);
  } catch {
    return null;
  }
  if (!url.hostname || url.pathname !== "/") return null;
  return url.port && url.port !== "443" ? `${url.hostname}:${url.port}` : url.hostname;
}

/** `host:port` for a listening address: IPv6 needs its brackets (`[::1]:3000`). */
export function hostWithPort(host: string, port: number): string {
  return `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];
const WILDCARD = new Set(["0.0.0.0", "::", "[::]", ""]);

export type HostPolicy = {
  baseUrl: string;
  host: string;
  allowedHosts: string[];
};

/**
 * Whether a canonical host is one of the loopback names on any port. A rebinding page can never
 * make a browser send those, and a published container port (`-p 8080:3000`) reaches Pairbox on a
 * port other than the one it listens on.
 */
export function isLoopbackName(host: string): boolean {
  return LOOPBACK.some((name) => host === name || host.startsWith(`${name}:`));
}

/** Whether a canonical host is ours: a loopback name, or one of `hosts` (see allowedHosts). */
export function hostIsAllowed(host: string, hosts: Set<string>): boolean {
  return isLoopbackName(host) || hosts.has(host);
}

/**
 * Every name a request may give for this server: the base URL's host; localhost, 127.0.0.1 and
 * [::1] on the listening port (any port is accepted for those, see isLoopbackName); the address
 * Pairbox listens on when it is a concrete one; and PAIRBOX_ALLOWED_HOSTS, whose entries without a
 * port match the default port and the listening one.
 */
export function allowedHosts(policy: HostPolicy, port: number): Set<string> {
  const names = new Set<string>();
  const add = (value: string) => {
    const canonical = canonicalHost(value);
    if (canonical) names.add(canonical);
  };
  add(new URL(policy.baseUrl).host);
  for (const name of LOOPBACK) add(hostWithPort(name, port));
  if (!WILDCARD.has(policy.host)) add(hostWithPort(policy.host, port));
  for (const entry of policy.allowedHosts) {
    add(entry);
    if (!/:\d+$/.test(entry)) add(hostWithPort(entry, port));
  }
  return names;
}

/** Whether a browser Origin (`https://inbox.example.com`) is one of those hosts, over http or https. */
export function originIsAllowed(origin: string, hosts: Set<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = canonicalHost(url.host);
  return host !== null && hostIsAllowed(host, hosts);
}
