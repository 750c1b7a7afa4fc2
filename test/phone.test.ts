import { describe, expect, test } from "bun:test";
import { applyCountryPrefix } from "../src/phone.ts";

/**
 * The channel's "Append country prefix" rule, applied to numbers as people really type them.
 * Every send path goes through applyCountryPrefix, so this table is the rule's specification.
 */
describe("a channel's country prefix on messy outbound numbers", () => {
  test.each([
    // National numbers: the trunk zero goes, the prefix comes in front, formatting is ignored.
    ["07700 900123", "+44", "+447700900123"],
    ["  07700 900123  ", "+44", "+447700900123"],
    ["07700-900-123", "+44", "+447700900123"],
    ["07700–900123", "+44", "+447700900123"],
    ["(07700) 900123", "+44", "+447700900123"],
    ["(0)7700 900123", "+44", "+447700900123"],
    ["07700.900.123", "+44", "+447700900123"],
    ["07700\u00a0900123", "+44", "+447700900123"],
    ["0 7700 900123", "+44", "+447700900123"],
    ["7700 900123", "+44", "+447700900123"],
    ["20 7946 0958", "+44", "+442079460958"],
    ["(415) 555-0100", "+1", "+14155550100"],
    ["415.555.0100", "+1", "+14155550100"],
    ["030 1234567", "+49", "+49301234567"],
    ["069 212 3456", "+355", "+355692123456"],
    ["07700 900123 ext. 12", "+44", "+447700900123"],
    // Already international: written with + or 00, the prefix is never added.
    ["+44 7700 900123", "+1", "+447700900123"],
    ["+1-415-555-0100", "+44", "+14155550100"],
    ["+44 (0) 20 7946 0958", "+1", "+442079460958"],
    ["0044 7700 900123", "+1", "+447700900123"],
    ["00 1 415 555 0100", "+44", "+14155550100"],
    ["0049 30 1234567", "+44", "+49301234567"],
    ["00447700900123", "", "+447700900123"],
    // Digits that already start with a country code are taken as written.
    ["447700900123", "+44", "+447700900123"],
    ["14155550100", "+44", "+14155550100"],
    ["1 415 555 0100", "+1", "+14155550100"],
    ["447700900123", "+1", "+447700900123"],
  ])("%j with prefix %j is %s", (input, prefix, e164) => {
    expect(applyCountryPrefix(input, prefix)).toEqual({ ok: true, e164 });
  });

  test.each([
    ["", "+44", "empty"],
    ["   ", "+44", "empty"],
    ["0", "+44", "too short"],
    ["000", "+44", "too short"],
    ["12", "+44", "too short"],
    ["123", "+44", "too short"],
    ["0044", "+44", "too short"],
    ["+44 7700 900123 999 999 999", "+44", "too long"],
    ["abc", "+44", "only hold digits"],
    ["+44 abc", "+44", "only hold digits"],
    ["07700 9OO123", "+44", "only hold digits"],
    ["07700_900123", "+44", "only hold digits"],
    ["++447700900123", "+44", "only hold digits"],
    ["+", "+44", "only hold digits"],
    ["٠٧٧٠٠٩٠٠١٢٣", "+44", "only hold digits"],
    ["07700900123", "", "country code"],
  ])("%j with prefix %j is refused (%s)", (input, prefix, why) => {
    const r = applyCountryPrefix(input, prefix);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });

  test("a national number too short for its country is refused, not padded into someone else's", () => {
    expect(applyCountryPrefix("07700 9001", "+44").ok).toBe(false);
    expect(applyCountryPrefix("0000000000", "+44").ok).toBe(false);
    expect(applyCountryPrefix("x".repeat(100), "+44").ok).toBe(false);
  });
});
