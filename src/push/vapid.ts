import { createECDH } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export type VapidKeys = { publicKey: string; privateKey: string };

export const VAPID_FILE = "vapid.json";

const loaded = new Map<string, VapidKeys>();

/**
 * This server's VAPID key pair (RFC 8292), which push services use to know the notifications come
 * from the server the browser subscribed with. Made on first use into the data directory, owner-only
 * like the other secrets; losing it only means every browser has to turn push on again.
 */
export function vapidKeys(dataDir: string): VapidKeys {
  const path = join(resolve(dataDir), VAPID_FILE);
  const cached = loaded.get(path);
  if (cached) return cached;
  let keys: VapidKeys;
  if (existsSync(path)) {
    keys = JSON.parse(readFileSync(path, "utf8")) as VapidKeys;
  } else {
    keys = newVapidKeys();
    writeFileSync(path, `${JSON.stringify(keys)}\n`, { mode: 0o600, flag: "wx" });
  }
  chmodSync(path, 0o600);
  loaded.set(path, keys);
  return keys;
}

/**
 * A P-256 key pair as web-push's generateVAPIDKeys makes it (uncompressed public point, 32-byte
 * private scalar, both base64url), made here so that the server does not load web-push and its
 * dependencies (about 10 MB resident) at start-up: only sending a push does.
 */
function newVapidKeys(): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const secret = ecdh.getPrivateKey();
  return {
    publicKey: ecdh.getPublicKey().toString("base64url"),
    privateKey: Buffer.concat([Buffer.alloc(32 - secret.length), secret]).toString("base64url"),
  };
}

/**
 * Who to contact about this server's pushes, as push services ask (RFC 8292 `sub`): its https
 * address, or a mailto: at its host name when it has none (push needs https or localhost anyway).
 */
export function vapidSubject(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.protocol === "https:" ? url.origin : `mailto:pairbox@${url.hostname}`;
}
