import { VERSION } from "../version.ts";

/**
 * The signature a receiver checks: HMAC-SHA256 with the endpoint's secret over "<timestamp>.<body>",
 * hex-encoded. Signing the timestamp with the body lets receivers refuse old replays.
 */
export function signPayload(secret: string, timestampSec: number, body: string): string {
  return new Bun.CryptoHasher("sha256", secret).update(`${timestampSec}.${body}`).digest("hex");
}

export function deliveryHeaders(d: {
  secret: string;
  deliveryId: string;
  eventType: string;
  body: string;
  timestampSec: number;
}): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "User-Agent": `Pairbox-Webhooks/${VERSION}`,
    "X-Pairbox-Event": d.eventType,
    "X-Pairbox-Delivery": d.deliveryId,
    "X-Pairbox-Timestamp": String(d.timestampSec),
    "X-Pairbox-Signature": `sha256=${signPayload(d.secret, d.timestampSec, d.body)}`,
  };
}
