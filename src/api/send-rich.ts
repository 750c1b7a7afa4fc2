import type { Db } from "../db/open.ts";
import { z } from "@hono/zod-openapi";
import {
  contactPart,
  LocationInput,
  PollInput,
  locationPart,
  pollPart,
  type LocationInputValue,
  type PollInputValue,
  type RichPart,
} from "../messaging/rich-send.ts";
import { contactCardOf } from "../records/public.ts";

/** A send's poll, location or contact card as the message part to queue; null when it has none. */
export function richPartOf(
  db: Db,
  input: {
    poll?: PollInputValue | undefined;
    location?: LocationInputValue | undefined;
    contact?: { record_id: number } | undefined;
  },
): { ok: true; part: RichPart } | { ok: false; message: string } | null {
  if (input.poll) return { ok: true, part: pollPart(input.poll) };
  if (input.location) return { ok: true, part: locationPart(input.location) };
  if (input.contact) {
    const card = contactCardOf(db, input.contact.record_id);
    if (!card)
      return {
        ok: false,
        message: "contact.record_id: no contact, lead or account with a phone number has this id.",
      };
    return { ok: true, part: contactPart([card]) };
  }
  return null;
}

/** The send body's fields for a poll, a location and a contact card (POST /api/v1/messages). */
export const RICH_SEND_FIELDS = {
  poll: PollInput.optional().openapi({
    description:
      "A poll: `question`, 2–12 different `options`, `multiple` true to let people pick several. Votes arrive as the `poll.vote` webhook and in the message's `poll`.",
  }),
  location: LocationInput.optional().openapi({
    description: "A location pin: coordinates, optional name and address.",
  }),
  contact: z.object({ record_id: z.number().int().positive() }).strict().optional().openapi({
    description: "A contact card of a contact, lead or account record: its name and every phone.",
  }),
};

type RichFields = { poll?: unknown; location?: unknown; contact?: unknown; text?: string; media?: unknown };

export const hasRich = (v: RichFields) => !!(v.poll || v.location || v.contact);

export const RICH_ALONE =
  "A poll, a location or a contact goes alone: without text, media or another of them.";

/** At most one of them, and neither text nor media beside it. */
export function richGoesAlone(v: RichFields): boolean {
  const count = [v.poll, v.location, v.contact].filter(Boolean).length;
  return count === 0 || (count === 1 && !v.text && !v.media);
}
