import { AvailabilitySwitch } from "../auth/views/availability.tsx";
import type { LiveEvent } from "../messaging/live-hub.ts";

type Availability = Extract<LiveEvent, { type: "availability" }>;

export const isAvailability = (e: LiveEvent): e is Availability => e.type === "availability";

/**
 * The top bar's Available / Away switch again, when this person flipped it in another tab (the
 * latest flip wins). Rendered in this stream's request, so its form carries this tab's CSRF token.
 */
export async function availabilityPartials(batch: LiveEvent[], userId: number): Promise<string[]> {
  const mine = batch.filter(isAvailability).filter((e) => e.userId === userId);
  const last = mine.at(-1);
  if (!last) return [];
  const html = await (<AvailabilitySwitch away={last.away} />).toString();
  return [`<hx-partial hx-target="#availability" hx-swap="outerHTML">${html}</hx-partial>`];
}
