import { CardPage } from "../layout.tsx";
import { CsrfField, Field, FormError, type FieldErrors } from "../components/form.tsx";

export function SetupPage(p: { values?: { name?: string; email?: string }; errors?: FieldErrors }) {
  return (
    <CardPage title="Set up Pairbox">
      <p class="muted">Create the first administrator. This page disappears once an account exists.</p>
      <FormError message={p.errors?._form} />
      <form method="post" action="/setup">
        <Field
          label="Your name"
          name="name"
          value={p.values?.name}
          required
          errors={p.errors}
          autocomplete="name"
          autofocus
        />
        <Field
          label="Email"
          name="email"
          type="email"
          value={p.values?.email}
          required
          errors={p.errors}
          autocomplete="email"
        />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          errors={p.errors}
          autocomplete="new-password"
          hint="At least 10 characters."
        />
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
