import ICAL from "ical.js";
import { normalizePhone } from "../phone.ts";
import type { ContactCard } from "./rich.ts";

/**
 * vCards as WhatsApp carries them in contact messages: parsed with ical.js (RFC 6350 and the 3.0
 * cards phones write, `item1.TEL;waid=…` groups included), built for the cards we send.
 */

/** Longer cards are cut: a card is a few hundred bytes, and hostile input must stay bounded. */
export const MAX_VCARD_CHARS = 16_384;
const MAX_PHONES = 20;

function text(value: unknown): string {
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string" && v).join(" ");
  return typeof value === "string" ? value : "";
}

/**
 * Every phone number of a card, each in E.164 where it is one: the `waid` WhatsApp adds names the
 * WhatsApp account's number when the written number is local or formatted oddly. `fallbackName`:
 * the message's displayName, for cards without FN.
 */
export function parseVcard(vcard: string, fallbackName = ""): ContactCard {
  let name = fallbackName.trim();
  const phones: ContactCard["phones"] = [];
  try {
    const card = new ICAL.Component(ICAL.parse(vcard.slice(0, MAX_VCARD_CHARS)));
    const vcardComponent = card.name === "vcard" ? card : card.getFirstSubcomponent("vcard");
    if (vcardComponent) {
      name = text(vcardComponent.getFirstPropertyValue("fn")).trim() || name;
      if (!name) name = text(vcardComponent.getFirstPropertyValue("n")).trim();
      for (const tel of vcardComponent.getAllProperties("tel").slice(0, MAX_PHONES)) {
        const raw = text(tel.getFirstValue()).trim();
        const waid = text(tel.getParameter("waid")).trim();
        const fromWaid = /^\d{5,20}$/.test(waid) ? normalizePhone(`+${waid}`) : null;
        const written = normalizePhone(raw.replace(/^tel:/i, ""));
        const e164 = fromWaid?.ok ? fromWaid.e164 : written.ok ? written.e164 : null;
        if (raw || e164) phones.push({ raw: raw || e164!, e164 });
      }
    }
  } catch {
    // Not a vCard ical.js can read: the card keeps its name; the row says it has no numbers.
  }
  return { name: name.slice(0, 200), phones };
}

/** vCard 3.0 escaping of a text value (backslash, comma, semicolon, newline). */
function escapeText(s: string): string {
  return s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}

/** The card for a record: its name and phones, each with the `waid` WhatsApp uses to offer a chat. */
export function buildVcard(name: string, phonesE164: string[]): string {
  const lines = ["BEGIN:VCARD", "VERSION:3.0", `FN:${escapeText(name)}`];
  phonesE164.forEach((p, i) => {
    lines.push(`item${i + 1}.TEL;type=CELL;waid=${p.replace(/^\+/, "")}:${p}`);
  });
  lines.push("END:VCARD");
  return lines.join("\n");
}
