import type { CountryCode } from "libphonenumber-js";
import { normalizePhone } from "../phone.ts";
import type { PhoneInput } from "./store.ts";

/**
 * The phones box of a record form: one number per line (commas and semicolons also separate).
 * Every number goes through the one normaliser with the company's default region.
 */
export function parsePhoneList(
  text: string,
  region: CountryCode | undefined,
): { ok: true; phones: PhoneInput[] } | { ok: false; error: string } {
  const parts = text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length > 10) return { ok: false, error: "at most 10 phone numbers" };
  const phones: PhoneInput[] = [];
  for (const original of parts) {
    const r = normalizePhone(original, region);
    if (!r.ok) return { ok: false, error: `"${original.slice(0, 40)}": ${r.reason}` };
    phones.push({ e164: r.e164, original: original.slice(0, 64) });
  }
  return { ok: true, phones };
}

/** A search box's text as a phone number, when it reads as one (so "07700 900123" finds +447700900123). */
export function searchPhone(text: string, region: CountryCode | undefined): string | null {
  if (!/\d{4}/.test(text.replace(/\D/g, "")) || /[a-z@]/i.test(text)) return null;
  const r = normalizePhone(text, region);
  return r.ok ? r.e164 : null;
}
