import { z } from "zod";
import type { AccessList } from "../auth/access.ts";
import type { FieldErrors } from "../ui/components/form.tsx";
import { many, one, type FormBody } from "../web/forms.ts";
import type { ChannelSettings } from "./store.ts";
import { checkChannelPhone, checkCountryPrefix } from "./phone-rules.ts";
import { cleanDisplayName } from "../display-name.ts";
import type { ChannelOptionValues, ChannelOptions } from "./options-store.ts";

/** What the add and edit forms hold, as typed, so a refused form comes back as the person left it. */
export type ChannelFormValues = {
  phone: string;
  name: string;
  countryPrefix: string;
  accessAll: boolean;
  /** The access choice was neither "all" nor "some" (nor left out): refused, never read as All users. */
  accessUnknown?: boolean;
  permissionSetIds: number[];
  groupIds: number[];
  userIds: number[];
  /** The edit form's WhatsApp options (read receipts, typing, calls); absent on the add form (defaults apply). */
  options?: ChannelOptionValues;
};

export const EMPTY_CHANNEL_FORM: ChannelFormValues = {
  phone: "",
  name: "",
  countryPrefix: "",
  accessAll: true,
  permissionSetIds: [],
  groupIds: [],
  userIds: [],
};

const ids = (values: string[]) => [
  ...new Set(values.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0)),
];

export function channelFormValues(body: FormBody): ChannelFormValues {
  const access = one(body, "access");
  return {
    phone: one(body, "phone").trim(),
    name: cleanDisplayName(one(body, "name"), 61),
    countryPrefix: one(body, "countryPrefix").trim(),
    // Default All users: only an explicit "some" narrows the list.
    accessAll: access !== "some",
    accessUnknown: !["", "all", "some"].includes(access),
    permissionSetIds: ids(many(body, "permissionSetIds")),
    groupIds: ids(many(body, "groupIds")),
    userIds: ids(many(body, "userIds")),
    // Unticked boxes send nothing: the hidden `options` field says the form had them.
    ...(one(body, "options") === "1"
      ? {
          options: {
            readReceipts: one(body, "readReceipts") === "1",
            typing: one(body, "typing") === "1",
            rejectCalls: one(body, "rejectCalls") === "1",
          },
        }
      : {}),
  };
}

/** The ids that exist today; anything else in a submitted form is dropped rather than stored. */
export type KnownIds = { sets: ReadonlySet<number>; groups: ReadonlySet<number>; users: ReadonlySet<number> };

const nameSchema = z.string().max(60, "Keep the display name under 60 characters.");

/** Validates what add and edit share: name, country prefix, access. */
export function validateSettings(
  v: ChannelFormValues,
  known: KnownIds,
): { ok: true; settings: ChannelSettings } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = nameSchema.safeParse(v.name);
  if (!name.success) errors.name = name.error.issues[0]?.message;
  const prefix = checkCountryPrefix(v.countryPrefix);
  if (!prefix.ok) errors.countryPrefix = prefix.error;
  let access: AccessList = { all: true };
  if (v.accessUnknown) errors.access = "Choose All users or Only these permission sets, groups and users.";
  else if (!v.accessAll) {
    access = {
      all: false,
      permissionSets: v.permissionSetIds.filter((id) => known.sets.has(id)),
      groups: v.groupIds.filter((id) => known.groups.has(id)),
      users: v.userIds.filter((id) => known.users.has(id)),
    };
    if (access.permissionSets.length + access.groups.length + access.users.length === 0) {
      errors.access = "Choose at least one permission set, user group or user, or give access to All users.";
    }
  }
  if (Object.keys(errors).length > 0 || !prefix.ok) return { ok: false, errors };
  const settings = { name: v.name, countryPrefix: prefix.prefix, access };
  return { ok: true, settings: v.options ? { ...settings, options: v.options } : settings };
}

/** The add form: the settings plus the number itself. */
export function validateNewChannel(
  v: ChannelFormValues,
  known: KnownIds,
): { ok: true; phone: string; settings: ChannelSettings } | { ok: false; errors: FieldErrors } {
  const phone = checkChannelPhone(v.phone);
  const settings = validateSettings(v, known);
  if (!phone.ok || !settings.ok) {
    return {
      ok: false,
      errors: { ...(settings.ok ? {} : settings.errors), ...(phone.ok ? {} : { phone: phone.error }) },
    };
  }
  return { ok: true, phone: phone.e164, settings: settings.settings };
}

/** Form values for editing a stored channel. */
export function valuesFromChannel(
  ch: { phone_e164: string; name: string; country_prefix: string },
  access: AccessList,
  options: ChannelOptions | null = null,
): ChannelFormValues {
  return {
    ...(options
      ? {
          options: {
            readReceipts: options.send_read_receipts === 1,
            typing: options.send_typing === 1,
            rejectCalls: options.reject_calls === 1,
          },
        }
      : {}),
    phone: ch.phone_e164,
    name: ch.name,
    countryPrefix: ch.country_prefix,
    accessAll: access.all,
    permissionSetIds: access.all ? [] : access.permissionSets,
    groupIds: access.all ? [] : access.groups,
    userIds: access.all ? [] : access.users,
  };
}
