import { normalizePhone } from "../phone.ts";
import type { MessageDetail } from "../whatsapp/driver.ts";
import { POLL_MAX_OPTIONS, POLL_MIN_OPTIONS } from "../whatsapp/rich.ts";
import { parseVcard } from "../whatsapp/vcard.ts";

/**
 * The demo inject form's other kinds: what its one text box means for each (a poll's question and
 * options, a card's name and numbers or a whole vCard, a location's coordinates, a tapped reply, a
 * vote), read line by line, so the simulator delivers what the Baileys driver would report.
 */

export const CONTENT_KINDS = {
  text: "Text or file",
  poll: "Poll (question, then one option per line)",
  contact: "Contact card (name, then one number per line; or one or more vCards)",
  location: "Location (latitude,longitude then an optional name)",
  live: "Live location (latitude,longitude then an optional caption)",
  reply: "Button, list or template reply (the text tapped)",
  vote: "Vote in this sender's newest poll (the chosen options, one per line)",
  album: "Album (attach its photo or video; the text is its caption)",
  unsupported: "A kind Pairbox does not read (the text is its type, e.g. newsletterAdminInviteMessage)",
} as const;
export type ContentKind = keyof typeof CONTENT_KINDS;

export const isContentKind = (v: string): v is ContentKind => v in CONTENT_KINDS;

export type RichInject =
  | {
      ok: true;
      detail: MessageDetail | null;
      interactive: boolean;
      vote: string[] | null;
      /** The attached file is an album's first item (the album message comes first). */
      album?: boolean;
      /** The text as the driver shows a kind nobody reads. */
      text?: string;
    }
  | { ok: false; error: string };

const MAX_LINES = 50;

function lines(text: string): string[] {
  return text
    .split("\n", MAX_LINES + 1)
    .slice(0, MAX_LINES)
    .map((l) => l.trim())
    .filter(Boolean);
}

function coordinates(text: string, live: boolean): RichInject {
  const [first = "", ...rest] = lines(text);
  const m = /^(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(first);
  const lat = m ? Number(m[1]) : Number.NaN;
  const lon = m ? Number(m[2]) : Number.NaN;
  if (!m || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return { ok: false, error: "Start with latitude,longitude in degrees, e.g. 51.5014,-0.1419." };
  const name = rest.join(", ").slice(0, 300) || null;
  return {
    ok: true,
    interactive: false,
    vote: null,
    detail: { kind: "location", latitude: lat, longitude: lon, name, address: null, live },
  };
}

function contact(text: string): RichInject {
  if (/^BEGIN:VCARD/i.test(text.trim())) {
    // Several cards one after another are a contacts array, as a phone shares several at once.
    const cards = text
      .trim()
      .split(/(?=BEGIN:VCARD)/i)
      .slice(0, 20)
      .map((v) => parseVcard(v));
    return cards.every((c) => c.name || c.phones.length)
      ? { ok: true, interactive: false, vote: null, detail: { kind: "contacts", contacts: cards } }
      : { ok: false, error: "Each vCard needs a name or a number." };
  }
  const [name = "", ...numbers] = lines(text);
  if (!name) return { ok: false, error: "Write the contact's name on the first line." };
  const phones = [];
  for (const n of numbers) {
    const r = normalizePhone(n);
    if (!r.ok) return { ok: false, error: `${n}: ${r.reason}` };
    phones.push({ raw: n, e164: r.e164 });
  }
  return {
    ok: true,
    interactive: false,
    vote: null,
    detail: { kind: "contacts", contacts: [{ name, phones }] },
  };
}

function poll(text: string, multiple: boolean): RichInject {
  const [question = "", ...options] = lines(text);
  if (options.length < POLL_MIN_OPTIONS || options.length > POLL_MAX_OPTIONS)
    return {
      ok: false,
      error: `Write the question, then ${POLL_MIN_OPTIONS} to ${POLL_MAX_OPTIONS} options, one per line.`,
    };
  if (new Set(options).size !== options.length) return { ok: false, error: "Each option must be different." };
  return {
    ok: true,
    interactive: false,
    vote: null,
    detail: { kind: "poll", question, options, selectableCount: multiple ? 0 : 1 },
  };
}

/** The text box read as `kind`; an error is shown next to the text box. */
export function parseRichInject(kind: ContentKind, text: string, multiple: boolean): RichInject {
  switch (kind) {
    case "text":
      return { ok: true, detail: null, interactive: false, vote: null };
    case "poll":
      return poll(text, multiple);
    case "contact":
      return contact(text);
    case "location":
    case "live":
      return coordinates(text, kind === "live");
    case "reply":
      return text.trim()
        ? { ok: true, detail: null, interactive: true, vote: null }
        : { ok: false, error: "Write the text of the button or list row that was tapped." };
    case "vote":
      return { ok: true, detail: null, interactive: false, vote: lines(text) };
    case "album":
      return { ok: true, detail: null, interactive: false, vote: null, album: true };
    case "unsupported":
      return /^[A-Za-z]{1,60}$/.test(text.trim())
        ? {
            ok: true,
            detail: null,
            interactive: true,
            vote: null,
            text: `Unsupported message (type ${text.trim()})`,
          }
        : { ok: false, error: "Write the message type, letters only, e.g. newsletterAdminInviteMessage." };
  }
}
