import type { LiveEvent } from "../messaging/live-hub.ts";

type Availability = Extract<LiveEvent, { type: "availability" }>;

export const isAvailability = (e: LiveEvent): e is Availability => e.type === "availability";

/**
 * Whether this person flipped their switch in another tab. The stream only says so: the switch
 * fetches itself again, so what lands is an ordinary response with this page's nonce (htmx's CSP
 * extension would strip the hx-* attributes of a form pushed inside the stream).
 */
export const flippedBy = (batch: LiveEvent[], userId: number): boolean =>
  batch.some((e) => isAvailability(e) && e.userId === userId);
