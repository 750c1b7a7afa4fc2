import { timingSafeEqual } from "node:crypto";

/**
 * The CSV import keeps the uploaded file in the media store between the mapping and the run. The
 * mapping page carries a token for it, not its SHA-256: an HMAC of the file, the person who uploaded
 * it and an expiry, so a run reads only that person's own recent upload, never another stored file
 * (a CSV that arrived on a channel they may not use, say) named by its hash.
 */
const TTL_MS = 60 * 60 * 1000;

function mac(secret: string, userId: number, sha256: string, expiresSec: number): string {
  return new Bun.CryptoHasher("sha256", secret)
    .update(`csv-import:${userId}:${sha256}:${expiresSec}`)
    .digest("base64url");
}

export function importToken(secret: string, userId: number, sha256: string, now: number): string {
  const expiresSec = Math.floor((now + TTL_MS) / 1000);
  return `${sha256}.${expiresSec}.${mac(secret, userId, sha256, expiresSec)}`;
}

/** The file's SHA-256 when the token is this person's, unexpired and untouched; null otherwise. */
export function verifyImportToken(secret: string, userId: number, token: string, now: number): string | null {
  const m = /^([a-f0-9]{64})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const [, sha256, expires, sig] = m as unknown as [string, string, string, string];
  if (Number(expires) * 1000 < now) return null;
  const expected = Buffer.from(mac(secret, userId, sha256, Number(expires)));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given) ? sha256 : null;
}
