import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from "libphonenumber-js";
import { normalizePhone } from "../phone.ts";

/**
 * What a channel accepts as its own number and as its country prefix. Normalising is the one
 * normaliser's job (src/phone.ts); these rules only add what a channel needs on top: an
 * international number that libphonenumber-js knows to be valid, and a real country calling code.
 */

export type PhoneCheck = { ok: true; e164: string } | { ok: false; error: string };

export function checkChannelPhone(input: string): PhoneCheck {
  const trimmed = input.trim();
  if (trimmed === "") return { ok: false, error: "Enter the WhatsApp number, e.g. +14302028897." };
  // A channel's own number has no channel prefix to lean on: it must carry its country code.
  if (!/^(\+|00)/.test(trimmed.replace(/[\s().-]/g, ""))) {
    return {
      ok: false,
      error:
        "Write the number in international format, starting with + and the country code (e.g. +14302028897).",
    };
  }
  const normalised = normalizePhone(trimmed);
  if (!normalised.ok) return { ok: false, error: `That is not a valid phone number: ${normalised.reason}` };
  const parsed = parsePhoneNumberFromString(normalised.e164);
  if (!parsed?.isValid())
    return { ok: false, error: `${normalised.e164} is not a valid phone number for its country.` };
  return { ok: true, e164: parsed.number };
}

let callingCodes: Set<string> | null = null;
function knownCallingCodes(): Set<string> {
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)));
  return callingCodes;
}

export type PrefixCheck = { ok: true; prefix: string } | { ok: false; error: string };

/** '' (no prefix) or a country calling code written like +44; "44" and "0044" are read as +44. */
export function checkCountryPrefix(input: string): PrefixCheck {
  const compact = input.replace(/[\s-]/g, "");
  if (compact === "") return { ok: true, prefix: "" };
  const digits = /^(?:\+|00)?([1-9][0-9]{0,2})$/.exec(compact)?.[1];
  if (!digits || !knownCallingCodes().has(digits)) {
    return { ok: false, error: "Enter a country calling code like +44, +1 or +355, or leave it empty." };
  }
  return { ok: true, prefix: `+${digits}` };
}
