import type { Db } from "../db/open.ts";
import { recordHref, type RecordType } from "./fields.ts";
import { recordPhones, recordsWithPhones, type PhoneInput } from "./store.ts";

/** A number on the form that other records of the same type already hold. */
export type PhoneClash = { e164: string; others: { name: string; href: string }[]; more: boolean };

/** Records named per number in the warning; beyond that it says "and more". */
const NAMED = 3;

/**
 * The form's numbers that other records of its type already hold, leaving out the numbers the
 * record being edited already has (a clash that was accepted once is not asked about again).
 */
export function phoneClashes(
  db: Db,
  type: RecordType,
  phones: PhoneInput[],
  recordId: number | null,
): PhoneClash[] {
  const own = new Set(recordId ? recordPhones(db, recordId).map((p) => p.e164) : []);
  const added = [...new Set(phones.map((p) => p.e164))].filter((e) => !own.has(e));
  const byPhone = new Map<string, { name: string; href: string }[]>();
  for (const hit of recordsWithPhones(db, type, added, recordId)) {
    const list = byPhone.get(hit.e164) ?? [];
    list.push({ name: hit.name || "(no name)", href: recordHref(type, hit.id) });
    byPhone.set(hit.e164, list);
  }
  return [...byPhone].map(([e164, others]) => ({
    e164,
    others: others.slice(0, NAMED),
    more: others.length > NAMED,
  }));
}

/** The "Save anyway" button's value: the numbers the person was warned about. */
export function clashKey(clashes: PhoneClash[]): string {
  return clashes.map((c) => c.e164).join(",");
}

/** Whether the person saw a warning for every clashing number and chose Save anyway. */
export function clashesAccepted(clashes: PhoneClash[], saveAnyway: string): boolean {
  const accepted = new Set(saveAnyway.split(","));
  return clashes.every((c) => accepted.has(c.e164));
}
