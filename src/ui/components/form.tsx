import type { Child } from "hono/jsx";
import { csrfToken } from "../context.ts";

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField() {
  return <input type="hidden" name="_csrf" value={csrfToken()} />;
}

export type FieldErrors = Record<string, string | undefined>;

/** The " *" after a required field's label; screen readers get `required` from the control instead. */
export function RequiredMark() {
  return (
    <span class="req" aria-hidden="true">
      {" "}
      *
    </span>
  );
}

export function FormError(props: { message?: string | null }) {
  return props.message ? (
    <p class="alert alert-error" role="alert">
      {props.message}
    </p>
  ) : null;
}

export function Checkbox(p: { name: string; value: string; label: Child; checked?: boolean }) {
  return (
    <label class="check">
      <input type="checkbox" name={p.name} value={p.value} checked={p.checked} /> {p.label}
    </label>
  );
}

/** A tick per option, all sent under one name; `class` replaces the plain "checks" box. */
export function Checks(p: {
  name: string;
  options: { value: string | number; label: Child }[];
  checked: readonly (string | number)[];
  class?: string;
}) {
  const checked = new Set(p.checked.map(String));
  return (
    <div class={p.class ?? "checks"}>
      {p.options.map((o) => (
        <Checkbox
          name={p.name}
          value={String(o.value)}
          label={o.label}
          checked={checked.has(String(o.value))}
        />
      ))}
    </div>
  );
}
