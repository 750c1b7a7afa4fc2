import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { Field, FieldFrame } from "../../ui/components/field.tsx";

const currencyNames = new Intl.DisplayNames(["en"], { type: "currency" });

/** "EUR · Euro"; a code the runtime has no name for is shown alone. */
function currencyLabel(code: string): string {
  const name = currencyNames.of(code);
  return name && name !== code ? `${code} · ${name}` : code;
}

/** A select of one setting, with a first option for leaving it unset. */
function ChoiceField(p: {
  name: string;
  label: string;
  error?: string;
  hint: string;
  none: string;
  choices: { value: string; label: string }[];
  selected: string;
}) {
  return (
    <FieldFrame for={`f-${p.name}`} label={p.label} error={p.error} hint={p.hint}>
      <select id={`f-${p.name}`} name={p.name}>
        <option value="">{p.none}</option>
        {p.choices.map((c) => (
          <option value={c.value} selected={c.value === p.selected}>
            {c.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CompanySettingsPage(p: {
  companyName: string;
  region: string;
  hasLogo: boolean;
  /** Why the stored logo is left off PDFs, if it is. */
  logoProblem: string | null;
  regions: { code: string; name: string }[];
  currency: string;
  currencies: readonly string[];
  errors?: FieldErrors;
  saved?: boolean;
}) {
  return (
    <SettingsPage title="Company" active="/settings/company">
      <h1>Company</h1>
      {p.saved ? (
        <p class="alert alert-ok" role="status">
          Saved.
        </p>
      ) : null}
      <FormError message={p.errors ? "Please correct the fields marked below." : null} />
      <section class="card">
        <form method="post" action="/settings/company" enctype="multipart/form-data">
          <CsrfField />
          <Field
            label="Company name"
            name="company_name"
            value={p.companyName}
            hint="Printed at the top of invoices and quotes."
            errors={p.errors}
          />
          <ChoiceField
            name="region"
            label="Default phone region"
            error={p.errors?.region}
            hint="Numbers typed without a country code on records and in CSV imports are read as this country's."
            none="(none: numbers must be international)"
            choices={p.regions.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` }))}
            selected={p.region}
          />
          <ChoiceField
            name="currency"
            label="Currency"
            error={p.errors?.currency}
            hint="Invoices and quotes are in this currency; its code is printed with their amounts."
            none="(none: amounts without a currency)"
            choices={p.currencies.map((code) => ({ value: code, label: currencyLabel(code) }))}
            selected={p.currency}
          />
          <FieldFrame
            for="f-logo"
            label="Logo (PNG or JPEG)"
            error={p.errors?.logo}
            hint="Up to 2 MB and 2000 × 2000 pixels; PDFs print it within 160 × 60 points."
          >
            {p.hasLogo ? (
              <p>
                <img src="/settings/company/logo" alt="Current logo" class="company-logo" />
              </p>
            ) : null}
            {p.logoProblem ? <small class="error">{p.logoProblem}</small> : null}
            <input id="f-logo" type="file" name="logo" accept="image/png,image/jpeg" />
            {p.hasLogo ? (
              <label class="check">
                <input type="checkbox" name="remove_logo" value="1" /> Remove the logo
              </label>
            ) : null}
          </FieldFrame>
          <p class="actions">
            <button type="submit">Save</button>
          </p>
        </form>
      </section>
    </SettingsPage>
  );
}
