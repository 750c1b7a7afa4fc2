import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { Field, FieldFrame } from "../../ui/components/field.tsx";

export function CompanySettingsPage(p: {
  companyName: string;
  region: string;
  hasLogo: boolean;
  /** Why the stored logo is left off PDFs, if it is. */
  logoProblem: string | null;
  regions: { code: string; name: string }[];
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
          <FieldFrame
            for="f-region"
            label="Default phone region"
            error={p.errors?.region}
            hint="Numbers typed without a country code on records and in CSV imports are read as this country's."
          >
            <select id="f-region" name="region">
              <option value="">(none: numbers must be international)</option>
              {p.regions.map((r) => (
                <option value={r.code} selected={r.code === p.region}>
                  {r.name} ({r.code})
                </option>
              ))}
            </select>
          </FieldFrame>
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
