import type { Db } from "../db/open.ts";
import {
  contactPart,
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
