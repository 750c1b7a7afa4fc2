import { timingSafeEqual } from "node:crypto";

/**
 * Signed, expiring media links: what a webhook receiver can fetch without holding an API key.
 * The signature is an HMAC of the message id and expiry with the server secret, so a link cannot be
 * widened to another message or extended, and rotating the secret revokes every link at once.
 */
export const SIGNED_MEDIA_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function signature(secret: string, messageId: number, expiresSec: number): string {
  return new Bun.CryptoHasher("sha256", secret)
    .update(`media:${messageId}:${expiresSec}`)
    .digest("base64url");
}

export function signedMediaUrl(
  baseUrl: string,
  secret: string,
  messageId: number,
  now: number,
  ttlMs = SIGNED_MEDIA_TTL_MS,
): { url: string; expiresAt: number } {
  const expiresSec = Math.floor((now + ttlMs) / 1000);
  const url = `${baseUrl}/api/media/${messageId}?expires=${expiresSec}&sig=${signature(secret, messageId, expiresSec)}`;
  return { url, expiresAt: expiresSec * 1000 };
}

export function verifyMediaSignature(
  secret: string,
  messageId: number,
  expires: string | undefined,
  sig: string | undefined,
  now: number,
): boolean {
  if (!expires || !sig || !/^[0-9]{1,12}$/.test(expires)) return false;
  const expiresSec = Number(expires);
  if (expiresSec * 1000 < now) return false;
  const expected = Buffer.from(signature(secret, messageId, expiresSec));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
