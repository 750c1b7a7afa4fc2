import { describe, expect, test } from "bun:test";
import { patternMatches } from "../../src/workflows/pattern.ts";

const TABLE: [pattern: string, text: string, matches: boolean][] = [
  ["YES*", "yes please", true],
  ["YES*", "YES", true],
  ["YES*", "Yes!", true],
  ["YES*", "oh yes", false],
  ["*receipt*", "Can I have a receipt please", true],
  ["*receipt*", "RECEIPT", true],
  ["*receipt*", "recipe", false],
  ["", "anything at all", true],
  ["", "", true],
  ["   ", "blank means every message", true],
  ["invoice", "INVOICE", true],
  ["invoice", "Invoice", true],
  ["invoice", "invoice please", false],
  ["invoice", "my invoice", false],
  ["really?", "really?", true],
  ["really?", "really!", false],
  ["really?", "reall", false],
  ["v1.0", "v1.0", true],
  ["v1.0", "v1x0", false],
  ["a*b", "a\nmiddle\nb", true],
  ["(ok)", "(OK)", true],
  ["[x]+", "[x]+", true],
  ["[x]+", "xx", false],
  ["$5 ^up", "$5 ^UP", true],
  ["*", "", true],
  // Hyphens and every other regular-expression character are literal (a hyphen used to throw).
  ["check-in", "Check-in", true],
  ["check-in", "checkin", false],
  ["*check-in*", "Can I check-in early?", true],
  ["+1 555-0100", "+1 555-0100", true],
  ["+1 555-0100", "1 5550100", false],
  ["a|b", "a", false],
  ["a|b", "A|B", true],
  ["\\d+", "\\D+", true],
  ["\\d+", "12", false],
  ["{2}", "{2}", true],
  ["x/y", "X/Y", true],
  // Anchored at both ends; literals found left to right and never overlapping.
  ["ab*ba", "aba", false],
  ["ab*ba", "abba", true],
  ["a*a", "a", false],
  ["a*a", "aa", true],
  ["*a*b*", "ba", false],
  ["*a*b*", "xaxbx", true],
  ["**yes**", "oh yes", true],
  ["order*status*update", "order status update", true],
  ["order*status*update", "order update status", false],
  ["*end", "the end", true],
  ["*end", "the end.", false],
  // Case-insensitive for any script, compared on one case-folded form.
  ["ÇA VA*", "ça va bien", true],
  ["*привет*", "ну ПРИВЕТ всем", true],
  ["ΟΔΟΣ", "οδός", false],
  ["*οδοσ*", "ΣΤΗΝ ΟΔΟΣ ΕΡΜΟΥ", true],
  ["ΟΔΟΣ", "οδος", true],
  ["*Σ", "ΟΔΟΣ", true],
  ["straße", "STRASSE", true],
  ["*ǅ*", "ǆ", true],
  ["😀*", "😀 thanks", true],
];

describe("message text pattern", () => {
  for (const [pattern, text, matches] of TABLE) {
    test(`${JSON.stringify(pattern)} ${matches ? "matches" : "does not match"} ${JSON.stringify(text)}`, () => {
      expect(patternMatches(pattern, text)).toBe(matches);
    });
  }
});

/**
 * These used to backtrack inside the ingest transaction: 39 s for 20 KB of "orderstatus", 169 s for
 * 1 KB of "a". A synchronous call cannot be cut off by the test timeout (Bun reports it passed once
 * it returns), so each case also says how long it took, against a bound hundreds of times what it needs.
 */
function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}
const BOUND_MS = 1000;

describe("message text pattern on hostile input", () => {
  test("*order*status*update* against 11 KB of 'orderstatus' answers no match at once", () => {
    const run = timed(() => patternMatches("*order*status*update*", "orderstatus".repeat(1000)));
    expect(run.value).toBe(false);
    expect(run.ms).toBeLessThan(BOUND_MS);
  });

  test("*a*a*a*b against 500 'a' answers no match at once", () => {
    const run = timed(() => patternMatches("*a*a*a*b", "a".repeat(500)));
    expect(run.value).toBe(false);
    expect(run.ms).toBeLessThan(BOUND_MS);
  });

  test("both against the longest WhatsApp message (64 KB), matching and not", () => {
    const run = timed(() => [
      patternMatches("*order*status*update*", "orderstatus".repeat(6000)),
      patternMatches("*order*status*update*", `${"orderstatus".repeat(6000)}update`),
      patternMatches("*a*a*a*b", "a".repeat(65_536)),
      patternMatches("*a*a*a*b", `${"a".repeat(65_536)}b`),
    ]);
    expect(run.value).toEqual([false, true, false, true]);
    expect(run.ms).toBeLessThan(BOUND_MS);
  });

  test("the longest pattern (500 characters) against the longest message answers at once", () => {
    const many = "*a".repeat(250);
    const long = `*${"a".repeat(499)}b*`;
    const run = timed(() => [
      patternMatches(many, "a".repeat(65_535)),
      patternMatches(`${many}b`, "a".repeat(65_535)),
      patternMatches(long, "a".repeat(65_536)),
    ]);
    expect(run.value).toEqual([true, false, false]);
    expect(run.ms).toBeLessThan(BOUND_MS);
  });
});
