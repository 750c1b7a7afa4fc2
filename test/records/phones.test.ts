import { describe, expect, test } from "bun:test";
import { parsePhoneList, searchPhone } from "../../src/records/phones.ts";

// How numbers typed on records (and in CSV files) are stored, with the company's default region.
const TABLE: [input: string, region: "GB" | "US" | "FR" | undefined, e164: string | null][] = [
  ["07700 900123", "GB", "+447700900123"],
  ["07700-900-123", "GB", "+447700900123"],
  ["(07700) 900123", "GB", "+447700900123"],
  ["+44 7700 900123", "US", "+447700900123"],
  ["0044 7700 900123", "US", "+447700900123"],
  ["+44 (0)7700 900123", undefined, "+447700900123"],
  ["(415) 555-0100", "US", "+14155550100"],
  ["415.555.0100 ext. 12", "US", "+14155550100"],
  ["+1 415 555 0100 x99", undefined, "+14155550100"],
  ["06 12 34 56 78", "FR", "+33612345678"],
  ["\u00a0+33 6 12 34 56 78 ", undefined, "+33612345678"],
  ["07700 900123", undefined, null],
  ["12", "GB", null],
  ["call me maybe", "GB", null],
  ["+999 123456", undefined, null],
  ["0770090012345678901", "GB", null],
];

describe("record phone numbers", () => {
  for (const [input, region, e164] of TABLE) {
    test(`${JSON.stringify(input)} with region ${region ?? "none"} → ${e164 ?? "refused"}`, () => {
      const r = parsePhoneList(input, region);
      if (e164 === null) expect(r.ok).toBe(false);
      else expect(r).toEqual({ ok: true, phones: [{ e164, original: input.trim() }] });
    });
  }

  test("several numbers, one per line or separated by commas; duplicates stay for the store to drop", () => {
    const r = parsePhoneList("07700 900123\n+33 6 12 34 56 78, 07700900123", "GB");
    expect(r.ok && r.phones.map((p) => p.e164)).toEqual(["+447700900123", "+33612345678", "+447700900123"]);
  });

  test("the refusal names the number and the reason", () => {
    expect(parsePhoneList("07700 900123\n123", "GB")).toEqual({
      ok: false,
      error: '"123": the number is too short',
    });
  });

  test("a search box reads numbers as phones, but not names or emails", () => {
    expect(searchPhone("07700 900123", "GB")).toBe("+447700900123");
    expect(searchPhone("ann", "GB")).toBeNull();
    expect(searchPhone("ann1234@example.com", "GB")).toBeNull();
  });
});
