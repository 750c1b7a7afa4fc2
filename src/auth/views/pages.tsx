import { CardPage } from "../../ui/layout.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field, NewPasswordField } from "../../ui/components/field.tsx";

/** Set-up without (or with a stale) link: where to find it, never the token itself. */
export function SetupLinkPage(p: { invalid?: boolean }) {
  return (
    <CardPage title="Set up Pairbox">
      {p.invalid ? (
        <p class="alert alert-error">
          This set-up link is not valid: Pairbox prints a new one each time it starts. Use the latest.
        </p>
      ) : null}
      <p>
        Open the set-up link that Pairbox printed in its log when it started: a line with{" "}
        <code>/setup?token=</code>. It is in the terminal Pairbox runs in, or in{" "}
        <code>docker logs &lt;container&gt;</code> or <code>journalctl</code>.
      </p>
      <p class="muted">
        Only someone who can read the server's log can create the first administrator. For an unattended
        install, set <code>PAIRBOX_ADMIN_EMAIL</code> and <code>PAIRBOX_ADMIN_PASSWORD</code> instead.
      </p>
    </CardPage>
  );
}

export function SetupPage(p: {
  token: string;
  values?: { name?: string; email?: string };
  errors?: FieldErrors;
}) {
  const field = bindFields(p.values, p.errors);
  return (
    <CardPage title="Set up Pairbox">
      <p class="muted">Create the first administrator. This page disappears once an account exists.</p>
      <FormError message={p.errors?._form} />
      <form method="post" action="/setup">
        <input type="hidden" name="token" value={p.token} />
        <Field label="Your name" {...field("name")} required autocomplete="name" autofocus />
        <Field label="Email" {...field("email")} type="email" required autocomplete="email" />
        <NewPasswordField label="Password" errors={p.errors} hint="At least 10 characters." />
        <Field
          label="Repeat password"
          name="confirm"
          type="password"
          required
          errors={p.errors}
          autocomplete="new-password"
        />
        <button type="submit">Create administrator</button>
      </form>
    </CardPage>
  );
}

export function LoginPage(p: { email?: string; next?: string; error?: string; notice?: string }) {
  return (
    <CardPage title="Sign in">
      {p.notice ? <p class="alert alert-ok">{p.notice}</p> : null}
      <FormError message={p.error} />
      <form method="post" action="/login">
        <CsrfField />
        <input type="hidden" name="next" value={p.next ?? ""} />
        <Field
          label="Email"
          name="email"
          type="email"
          value={p.email}
          required
          autocomplete="username"
          autofocus
        />
        <Field label="Password" name="password" type="password" required autocomplete="current-password" />
        <button type="submit">Sign in</button>
      </form>
    </CardPage>
  );
}
