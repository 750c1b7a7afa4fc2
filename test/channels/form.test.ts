import { describe, expect, test } from "bun:test";
import { checkChannelPhone, checkCountryPrefix } from "../../src/channels/phone-rules.ts";
import {
  channelFormValues,
  EMPTY_CHANNEL_FORM,
  validateNewChannel,
  validateSettings,
  type KnownIds,
} from "../../src/channels/form.ts";

const known: KnownIds = { sets: new Set([1, 2]), groups: new Set([5]), users: new Set([9]) };

describe("a channel's own number", () => {
  test.each([
    ["+14302028897", "+14302028897"],
    ["+1 (430) 202-8897", "+14302028897"],
    ["0044 20 7946 0958", "+442079460958"],
    ["  +44 20 7946 0958 ", "+442079460958"],
  ])("%s is accepted as %s", (input, e164) => {
    expect(checkChannelPhone(input)).toEqual({ ok: true, e164 });
  });

  test.each([
    ["", "Enter the WhatsApp number"],
    ["020 7946 0958", "international format"],
    ["4302028897", "international format"],
    ["+1 430", "not a valid phone number"],
    ["+44 abc def", "not a valid phone number"],
    ["+1 555 000 0000", "not a valid phone number"],
  ])("%j is refused (%s)", (input, why) => {
    const r = checkChannelPhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(why);
  });
});

describe("the country prefix", () => {
  test.each([
    ["", ""],
    ["+44", "+44"],
    ["44", "+44"],
    ["0044", "+44"],
    ["+1", "+1"],
    [" +355 ", "+355"],
  ])("%j reads as %j", (input, prefix) => {
    expect(checkCountryPrefix(input)).toEqual({ ok: true, prefix });
  });

  test.each(["+999", "+0", "+44 7700", "UK", "+", "++44"])("%j is refused", (input) => {
    const r = checkCountryPrefix(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("country calling code");
  });
});

describe("the add and edit forms", () => {
  test("all fields valid: the settings carry the normalised prefix and the default access", () => {
    const r = validateNewChannel(
      { ...EMPTY_CHANNEL_FORM, phone: "+14302028897", name: "Sales", countryPrefix: "44" },
      known,
    );
    expect(r).toEqual({
      ok: true,
      phone: "+14302028897",
      settings: { name: "Sales", countryPrefix: "+44", access: { all: true } },
    });
  });

  test("every wrong field has its own message", () => {
    const r = validateNewChannel(
      { ...EMPTY_CHANNEL_FORM, phone: "", name: "x".repeat(61), countryPrefix: "+999", accessAll: false },
      known,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(["access", "countryPrefix", "name", "phone"]);
    expect(r.errors.access).toContain("Choose at least one");
  });

  test("a narrowed access list keeps only ids that exist", () => {
    const r = validateSettings(
      {
        ...EMPTY_CHANNEL_FORM,
        accessAll: false,
        permissionSetIds: [2, 77],
        groupIds: [5, 6],
        userIds: [9, 10],
      },
      known,
    );
    expect(r).toEqual({
      ok: true,
      settings: {
        name: "",
        countryPrefix: "",
        access: { all: false, permissionSets: [2], groups: [5], users: [9] },
      },
    });
  });

  test("a list naming only unknown ids is as empty as one naming none", () => {
    const r = validateSettings({ ...EMPTY_CHANNEL_FORM, accessAll: false, groupIds: [404] }, known);
    expect(r.ok).toBe(false);
  });

  test("an access choice that is neither All users nor Only these is refused, never read as All users", () => {
    const values = channelFormValues({ phone: "+14302028897", access: "everyone", groupIds: "5" });
    expect(values.accessUnknown).toBe(true);
    const r = validateNewChannel(values, known);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.access).toContain("Choose All users or Only these");
    // Left out entirely (an older form), the default stands: All users.
    expect(validateNewChannel(channelFormValues({ phone: "+14302028897" }), known).ok).toBe(true);
  });

  test("All users ignores boxes left ticked in the hidden lists", () => {
    const r = validateSettings({ ...EMPTY_CHANNEL_FORM, accessAll: true, groupIds: [5] }, known);
    expect(r).toEqual({ ok: true, settings: { name: "", countryPrefix: "", access: { all: true } } });
  });
});
