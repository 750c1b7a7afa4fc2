import type { Child } from "hono/jsx";
import { CsrfField } from "./form.tsx";

/**
 * An action behind one button: a POST form with the CSRF field and the hidden `fields` the action
 * needs; with `confirm`, static/app.js asks first.
 */
export function PostButton(p: {
  action: string;
  children: Child;
  confirm?: string;
  fields?: Record<string, string>;
  buttonClass?: string;
  ariaLabel?: string;
  formClass?: string;
}) {
  return (
    <form method="post" action={p.action} data-confirm={p.confirm} class={p.formClass}>
      <CsrfField />
      {Object.entries(p.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={p.buttonClass} aria-label={p.ariaLabel}>
        {p.children}
      </button>
    </form>
  );
}
