import { write } from "../db/write.ts";
import { readSetting as read, saveSetting } from "../db/settings.ts";
import type { CountryCode } from "libphonenumber-js";
import { getCountries } from "libphonenumber-js";
import type { Db } from "../db/open.ts";

/** Company settings the records feature reads: the name and logo on PDFs, the region for national numbers. */
export type CompanySettings = {
  companyName: string;
  logoSha256: string | null;
  logoMime: string | null;
  defaultRegion: CountryCode | null;
  /** ISO 4217 code invoices and quotes are in (printed with every amount); null prints bare amounts. */
  currency: string | null;
};

const KEYS = {
  name: "company.name",
  logo: "company.logo_sha256",
  logoMime: "company.logo_mime",
  region: "company.default_region",
  currency: "company.currency",
} as const;

/** The currencies the runtime knows (ISO 4217 codes in use), for the select and its check. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf("currency");

export function isCurrency(value: string): boolean {
  return CURRENCIES.includes(value);
}

export function isRegion(value: string): value is CountryCode {
  return (getCountries() as string[]).includes(value);
}

export function companySettings(db: Db): CompanySettings {
  const region = read(db, KEYS.region);
  const currency = read(db, KEYS.currency);
  return {
    currency: currency && isCurrency(currency) ? currency : null,
    companyName: read(db, KEYS.name) ?? "",
    logoSha256: read(db, KEYS.logo),
    logoMime: read(db, KEYS.logoMime),
    defaultRegion: region && isRegion(region) ? region : null,
  };
}

/** The region national numbers in records are read in ("07700 900123" with GB); undefined when unset. */
export function defaultRegion(db: Db): CountryCode | undefined {
  return companySettings(db).defaultRegion ?? undefined;
}

export function saveCompanySettings(
  db: Db,
  s: {
    companyName: string;
    defaultRegion: CountryCode | null;
    /** Left as it is when undefined. */
    currency?: string | null;
    logo?: { sha256: string; mime: string } | null;
  },
): void {
  write(db, () => {
    saveSetting(db, KEYS.name, s.companyName);
    saveSetting(db, KEYS.region, s.defaultRegion);
    if (s.currency !== undefined) saveSetting(db, KEYS.currency, s.currency);
    if (s.logo !== undefined) {
      saveSetting(db, KEYS.logo, s.logo?.sha256 ?? null);
      saveSetting(db, KEYS.logoMime, s.logo?.mime ?? null);
    }
  });
}
