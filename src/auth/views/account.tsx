import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { Field, NewPasswordField } from "../../ui/components/field.tsx";
import { Notice } from "../../ui/components/notice.tsx";

export function AccountPage(p: { name: string; email: string; errors?: FieldErrors; notice?: string }) {
  return (
    <SettingsPage title="Your account" active="/settings/account">
      <h1>Your account</h1>
      <p class="muted">
        Signed in as {p.name} ({p.email}).
      </p>
      <Notice message={p.notice} />
      <section class="card">
        <h2>Change your password</h2>
        <FormError message={p.errors?._form} />
        <form method="post" action="/settings/account/password">
          <CsrfField />
          <Field
            label="Current password"
            name="current"
            type="password"
            required
            errors={p.errors}
            autocomplete="current-password"
          />
          <NewPasswordField
            label="New password"
            errors={p.errors}
            hint="At least 10 characters. Other devices are signed out."
          />
          <button type="submit">Change password</button>
        </form>
      </section>
    </SettingsPage>
  );
}
