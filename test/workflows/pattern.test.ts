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
];

describe("message text pattern", () => {
  for (const [pattern, text, matches] of TABLE) {
    test(`${JSON.stringify(pattern)} ${matches ? "matches" : "does not match"} ${JSON.stringify(text)}`, () => {
      expect(patternMatches(pattern, text)).toBe(matches);
    });
  }
});
