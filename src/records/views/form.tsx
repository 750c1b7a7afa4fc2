import { Layout } from "../../ui/layout.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { Field, FieldFrame } from "../../ui/components/field.tsx";
import { RecordTabs } from "./nav.tsx";
import { FIELDS, recordHref, recordTypeLabel, typeSlug, type FieldDef, type RecordType } from "../fields.ts";
import { clashKey, type PhoneClash } from "../phone-clashes.ts";

export type FormOptions = {
  users: { id: number; name: string }[];
  accounts: { id: number; name: string }[];
  contacts: { id: number; name: string }[];
  groups: { jid: string; title: string }[];
  region: string | null;
};

function Select(p: {
  def: FieldDef;
  value: string;
  errors?: FieldErrors;
  options: { value: string; label: string }[];
  blank?: string;
}) {
  const id = `f-${p.def.name}`;
  const error = p.errors?.[p.def.name];
  const known = p.options.some((o) => o.value === p.value);
  return (
    <FieldFrame for={id} label={p.def.label} required={p.def.required} error={error} errorId={`${id}-error`}>
      <select id={id} name={p.def.name} aria-invalid={error ? "true" : undefined}>
        {p.blank !== undefined ? <option value="">{p.blank}</option> : null}
        {!known && p.value ? (
          <option value={p.value} selected>
            {p.value}
          </option>
        ) : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

function FieldInput(p: { def: FieldDef; value: string; errors?: FieldErrors; options: FormOptions }) {
  const { def, value, errors } = p;
  const bound = { label: def.label, name: def.name, value, errors };
  const named = (rows: { id: number; name: string }[]) =>
    rows.map((r) => ({ value: String(r.id), label: r.name }));
  switch (def.kind) {
    case "text":
      return <Field {...bound} required={def.required} />;
    case "email":
      return <Field {...bound} type="email" autocomplete="off" />;
    case "number":
      return <Field {...bound} inputmode="decimal" placeholder="1250.00" />;
    case "select":
      return (
        <Select
          def={def}
          value={value}
          errors={errors}
          options={def.options!.map((o) => ({ value: o, label: o }))}
        />
      );
    case "account":
      return (
        <Select def={def} value={value} errors={errors} options={named(p.options.accounts)} blank="(none)" />
      );
    case "contact":
      return (
        <Select def={def} value={value} errors={errors} options={named(p.options.contacts)} blank="(none)" />
      );
    case "user":
      return (
        <Select def={def} value={value} errors={errors} options={named(p.options.users)} blank="(nobody)" />
      );
    case "group":
      return (
        <Select
          def={def}
          value={value}
          errors={errors}
          options={p.options.groups.map((g) => ({ value: g.jid, label: g.title || g.jid }))}
          blank="(no group)"
        />
      );
    case "textarea":
      return (
        <FieldFrame for={`f-${def.name}`} label={def.label} error={errors?.[def.name]}>
          <textarea id={`f-${def.name}`} name={def.name} rows={4} maxlength={10000}>
            {value}
          </textarea>
        </FieldFrame>
      );
  }
}

/**
 * Numbers that other records of this type already hold: each names (and links) them, and Save
 * anyway sends the form again with those numbers accepted.
 */
function PhoneClashWarning(p: { clashes: PhoneClash[]; type: RecordType }) {
  return (
    <div class="field-warning" role="alert">
      {p.clashes.map((clash) => (
        <p>
          {clash.e164} is already on{" "}
          {clash.others.map((o, i) => (
            <>
              {i > 0 ? ", " : ""}
              <a href={o.href}>{o.name}</a>
            </>
          ))}
          {clash.more ? " and more" : ""}.
        </p>
      ))}
      <p>
        Every workflow for {recordTypeLabel(p.type).toLowerCase()}s would answer this customer once per
        record. Check the other record, or keep both:
      </p>
      <button type="submit" name="save_anyway" value={clashKey(p.clashes)} class="secondary small">
        Save anyway
      </button>
    </div>
  );
}

/** Create and edit share one form: every field of the type, then the phones box. */
export function RecordFormPage(p: {
  type: RecordType;
  id?: number;
  values: Record<string, string>;
  errors?: FieldErrors;
  /** Numbers other records of the type hold: shown as a warning, with Save anyway. */
  phoneClashes?: PhoneClash[];
  options: FormOptions;
  title?: string;
}) {
  const label = recordTypeLabel(p.type);
  const title =
    p.title ?? (p.id ? `Edit ${p.values.display || label.toLowerCase()}` : `New ${label.toLowerCase()}`);
  const action = p.id ? recordHref(p.type, p.id) : `/records/${typeSlug(p.type)}`;
  const phonesError = p.errors?.phones;
  const clashes = p.phoneClashes ?? [];
  return (
    <Layout title={title} nav="records">
      <RecordTabs active={p.type} />
      <h1>{title}</h1>
      <FormError message={p.errors ? (p.errors._form ?? "Please correct the fields marked below.") : null} />
      {clashes.length > 0 ? (
        <p class="alert alert-warn" role="status">
          Not saved yet: a number below is already on another {recordTypeLabel(p.type).toLowerCase()}.
        </p>
      ) : null}
      <section class="card">
        <form method="post" action={action} class="record-form">
          <CsrfField />
          {p.values.conversation ? (
            <input type="hidden" name="conversation" value={p.values.conversation} />
          ) : null}
          {FIELDS[p.type].map((def) => (
            <FieldInput def={def} value={p.values[def.name] ?? ""} errors={p.errors} options={p.options} />
          ))}
          <FieldFrame
            for="f-phones"
            label="Phones"
            error={phonesError}
            hint={
              <>
                One number per line, written any way: +44 7700 900123, 0044…, or a national number
                {p.options.region
                  ? ` (read as ${p.options.region})`
                  : " (set a default region in Settings → Company to write national numbers)"}
                .
              </>
            }
            after={clashes.length > 0 ? <PhoneClashWarning clashes={clashes} type={p.type} /> : null}
          >
            <textarea
              id="f-phones"
              name="phones"
              rows={3}
              maxlength={1000}
              aria-invalid={phonesError ? "true" : undefined}
            >
              {p.values.phones ?? ""}
            </textarea>
          </FieldFrame>
          <p class="actions">
            <button type="submit">Save</button>
            <a href={p.id ? recordHref(p.type, p.id) : `/records/${typeSlug(p.type)}`}>Cancel</a>
          </p>
        </form>
      </section>
    </Layout>
  );
}
