import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from "libphonenumber-js";

/**
 * The one phone normaliser. Everything that stores or compares a phone number goes through here,
 * so "+44 7700 900123", "07700-900123" (region GB) and "0044 (0)7700 900123" are all +447700900123.
 */

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

const EXTENSION = /\s*(?:;\s*ext=|ext\.?|extension|x|#)\s*\d{1,7}\s*$/i;
const FORMATTING = /[\s().\-/\u00a0\u2010-\u2015]/g;

/** Strips spacing, punctuation and an extension; null when letters or other junk remain. */
function compact(input: string): string | null {
  const noExtension = input.trim().replace(EXTENSION, "");
  // "(0)" inside an international number is the national trunk zero written for locals: drop it.
  const digits = noExtension.replace(/\(0\)/g, "").replace(FORMATTING, "");
  if (!/^\+?\d+$/.test(digits)) return null;
  return digits.startsWith("00") ? `+${digits.slice(2)}` : digits;
}

function lengthReason(candidate: string, region?: CountryCode): string {
  const problem = validatePhoneNumberLength(candidate, region);
  if (problem === "TOO_SHORT") return "the number is too short";
  if (problem === "TOO_LONG") return "the number is too long";
  if (problem === "INVALID_COUNTRY") return "the country code is not known";
  return "not a valid phone number";
}

/**
 * Accepts any number of a possible length for its country: numbering plans change faster than the
 * metadata, and WhatsApp itself is the judge of whether a number exists (isOnWhatsApp).
 */
function parsed(candidate: string, region?: CountryCode): PhoneResult {
  const p = parsePhoneNumberFromString(candidate, region);
  if (p?.isPossible()) return { ok: true, e164: p.number };
  return { ok: false, reason: lengthReason(candidate, region) };
}

function possibleInternational(digits: string): string | null {
  const p = parsePhoneNumberFromString(`+${digits}`);
  return p?.isPossible() ? p.number : null;
}

/** The number as digits (and a leading +), or why it cannot be one: the first checks of every reading. */
function compactInput(input: string): string | PhoneResult {
  if (input.trim() === "") return { ok: false, reason: "the number is empty" };
  if (input.length > 64) return { ok: false, reason: "the number is too long" };
  return (
    compact(input) ?? {
      ok: false,
      reason: "a phone number may only hold digits, spaces, dashes, dots, brackets and a leading +",
    }
  );
}

/**
 * A phone number written any way a person writes one: international (`+` or `00`), or national
 * when a default region is given (records use the region from settings). Extensions are dropped.
 */
export function normalizePhone(input: string, defaultRegion?: CountryCode): PhoneResult {
  const c = compactInput(input);
  if (typeof c !== "string") return c;
  if (c.startsWith("+")) return parsed(c);
  if (defaultRegion) return parsed(c, defaultRegion);
  const international = possibleInternational(c);
  return international
    ? { ok: true, e164: international }
    : { ok: false, reason: "write the number with its country code, e.g. +447700900123" };
}

/**
 * A channel's outbound rule: `prefix` (e.g. "+44", or "" for none) is added to numbers that do not
 * already carry a country code. Numbers written with `+` or `00` are left alone; a national number's
 * leading trunk zero is dropped (with +44, 07700 900123 → +447700900123); digits that already form a
 * possible international number (447700900123, 14155550100) are taken as such.
 */
export function applyCountryPrefix(input: string, prefix: string): PhoneResult {
  const c = compactInput(input);
  if (typeof c !== "string") return c;
  if (c.startsWith("+")) return parsed(c);
  if (!prefix) return normalizePhone(c);
  const code = prefix.replace(/^\+/, "");
  const national = c.replace(/^0+/, "");
  if (national === "") return { ok: false, reason: "the number is too short" };
  const withPrefix = `+${code}${national}`;
  if (c.startsWith("0")) return parsed(withPrefix);
  const asInternational = possibleInternational(c);
  const prefixed = parsePhoneNumberFromString(withPrefix);
  // Written with its own country code already (447700900123 under +44, or 14155550100 anywhere).
  if (asInternational && (c.startsWith(code) || !prefixed?.isPossible()))
    return { ok: true, e164: asInternational };
  return parsed(withPrefix);
}

/** The phone number inside a WhatsApp phone JID ("447700900123:12@s.whatsapp.net" → "+447700900123"). */
export function phoneFromJid(jid: string | null | undefined): string | null {
  if (!jid) return null;
  const m = /^(\d{5,20})(?::\d+)?@s\.whatsapp\.net$/.exec(jid);
  return m ? `+${m[1]}` : null;
}

/** The WhatsApp JID for an E.164 number. */
export function jidForPhone(e164: string): string {
  return `${e164.replace(/^\+/, "")}@s.whatsapp.net`;
}
