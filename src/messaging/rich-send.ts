import { z } from "zod";
import {
  detailText,
  POLL_MAX_OPTIONS,
  POLL_MIN_OPTIONS,
  type ContactCard,
  type MessageDetail,
} from "../whatsapp/rich.ts";

/**
 * Polls, locations and contact cards to send: the limits WhatsApp applies, checked at the edge (the
 * inbox forms and the API share these schemas), and the message part the send command queues.
 */

const trimmed = (max: number, label: string) =>
  z.string().trim().min(1, `${label} is required.`).max(max, `${label}: at most ${max} characters.`);

export const PollInput = z
  .object({
    question: trimmed(255, "Question"),
    options: z
      .array(trimmed(100, "Each option"))
      .min(POLL_MIN_OPTIONS, `Give at least ${POLL_MIN_OPTIONS} options.`)
      .max(POLL_MAX_OPTIONS, `At most ${POLL_MAX_OPTIONS} options.`)
      // Votes name options by their hash: two equal options could not be told apart.
      .refine((o) => new Set(o).size === o.length, "Each option must be different."),
    multiple: z.boolean().default(false),
  })
  .strict();

export const LocationInput = z
  .object({
    latitude: z
      .number()
      .min(-90, "Latitude is between -90 and 90.")
      .max(90, "Latitude is between -90 and 90."),
    longitude: z
      .number()
      .min(-180, "Longitude is between -180 and 180.")
      .max(180, "Longitude is between -180 and 180."),
    name: z.string().trim().max(200).optional(),
    address: z.string().trim().max(300).optional(),
  })
  .strict();

export type PollInputValue = z.infer<typeof PollInput>;
export type LocationInputValue = z.infer<typeof LocationInput>;

export type RichPart = { text: string; file: null; detail: MessageDetail };

const part = (detail: MessageDetail): RichPart => ({ text: detailText(detail), file: null, detail });

export function pollPart(p: PollInputValue): RichPart {
  // WhatsApp's selectableCount: 1 is single choice, 0 lets people pick any number of options.
  return part({
    kind: "poll",
    question: p.question,
    options: p.options,
    selectableCount: p.multiple ? 0 : 1,
  });
}

export function locationPart(l: LocationInputValue): RichPart {
  return part({
    kind: "location",
    latitude: l.latitude,
    longitude: l.longitude,
    name: l.name || null,
    address: l.address || null,
    live: false,
  });
}

export function contactPart(cards: ContactCard[]): RichPart {
  return part({ kind: "contacts", contacts: cards });
}
