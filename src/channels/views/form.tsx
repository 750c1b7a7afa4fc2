import type { Child } from "hono/jsx";
import { Layout } from "../../ui/layout.tsx";
import { Checks, CsrfField, type FieldErrors, FormError, RequiredMark } from "../../ui/components/form.tsx";
import { bindFields, Field, PhoneField } from "../../ui/components/field.tsx";
import type { ChannelFormValues } from "../form.ts";
import { ChannelOptionsFields } from "./options-fields.tsx";

/** Names for the access picker, keyed by id: the same maps describeAccess reads. */
export type AccessNames = {
  sets: Map<number, string>;
  groups: Map<number, string>;
  users: Map<number, string>;
};

/**
 * All users, or any mix of permission sets, user groups and named users. The lists hide while
 * "All users" is chosen (CSS :has, no script), and are sent either way; the server ignores them then.
 */
export function AccessPicker(p: { values: ChannelFormValues; names: AccessNames; errors?: FieldErrors }) {
  const error = p.errors?.access;
  const group = (legend: string, name: string, map: Map<number, string>, chosen: number[], empty: string) => (
    <fieldset>
      <legend>{legend}</legend>
      {map.size === 0 ? <p class="muted">{empty}</p> : null}
      <Checks name={name} options={[...map].map(([value, label]) => ({ value, label }))} checked={chosen} />
    </fieldset>
  );
  return (
    <fieldset class={error ? "access-picker has-error" : "access-picker"} id="f-access">
      <legend>
        Access
        <RequiredMark />
      </legend>
      <p class="hint">
        Who may see this number's conversations and send through it. Channel managers always can.
      </p>
      <label class="check">
        <input type="radio" name="access" value="all" checked={p.values.accessAll} /> All users
      </label>
      <label class="check">
        <input type="radio" name="access" value="some" checked={!p.values.accessAll} /> Only these permission
        sets, groups and users
      </label>
      {error ? (
        <small class="error" id="f-access-error">
          {error}
        </small>
      ) : null}
      <div class="access-some">
        {group(
          "Permission sets",
          "permissionSetIds",
          p.names.sets,
          p.values.permissionSetIds,
          "No permission sets.",
        )}
        {group("User groups", "groupIds", p.names.groups, p.values.groupIds, "No user groups yet.")}
        {group("Named users", "userIds", p.names.users, p.values.userIds, "No users.")}
      </div>
    </fieldset>
  );
}

/** The add form (phone editable) and the edit form (phone fixed: a new number is a new channel). */
export function ChannelFormPage(p: {
  channelId?: number;
  values: ChannelFormValues;
  names: AccessNames;
  errors?: FieldErrors;
  /** More settings with forms of their own, below this one (auto-assignment). */
  extra?: Child;
}) {
  const editing = p.channelId !== undefined;
  const field = bindFields(p.values, p.errors);
  const title = editing ? `Edit ${p.values.name || p.values.phone}` : "Add WhatsApp number";
  return (
    <Layout title={title} nav="channels">
      <p>
        <a href={editing ? `/channels/${p.channelId}` : "/channels"}>
          ← {editing ? "Back to the channel" : "Channels"}
        </a>
      </p>
      <h1>{title}</h1>
      <FormError message={p.errors?._form} />
      <section class="card">
        <form
          method="post"
          action={editing ? `/channels/${p.channelId}/edit` : "/channels"}
          class="channel-form"
        >
          <CsrfField />
          {editing ? (
            <div class="field">
              <label for="f-phone-fixed">Phone number</label>
              <output id="f-phone-fixed" class="mono fixed-phone">
                {p.values.phone}
              </output>
              <small class="hint">
                The number cannot change. To use another number, add it as a new channel.
              </small>
            </div>
          ) : (
            <PhoneField
              label="Phone number"
              {...field("phone")}
              required
              autofocus
              placeholder="+14302028897"
              hint="International format, with + and the country code."
            />
          )}
          <Field
            label="Display name"
            {...field("name")}
            placeholder="e.g. Sales"
            hint="Optional. Shown in the channel picker and the inbox."
          />
          <Field
            label="Append country prefix"
            {...field("countryPrefix")}
            placeholder="+44"
            hint="Optional. Added to numbers you send to that have no country code: with +44, 07700 900123 becomes +447700900123."
          />
          <AccessPicker values={p.values} names={p.names} errors={p.errors} />
          {editing && p.values.options ? <ChannelOptionsFields values={p.values.options} /> : null}
          <p class="actions">
            <button type="submit">{editing ? "Save" : "Add number and show QR"}</button>
            <a href={editing ? `/channels/${p.channelId}` : "/channels"}>Cancel</a>
          </p>
        </form>
      </section>
      {p.extra}
    </Layout>
  );
}
