import type { Child } from "hono/jsx";
import { csrfToken } from "../context.ts";

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField() {
  return <input type="hidden" name="_csrf" value={csrfToken()} />;
}

export type FieldErrors = Record<string, string | undefined>;

type FieldProps = {
  label: string;
  name: string;
  value?: string | number | null;
  type?: string;
  required?: boolean;
  errors?: FieldErrors;
  hint?: Child;
  placeholder?: string;
  autocomplete?: string;
  autofocus?: boolean;
  inputmode?: "decimal" | "email" | "none" | "numeric" | "search" | "tel" | "text" | "url";
};

/** A labelled input with its error shown next to it. */
export function Field(p: FieldProps) {
  const error = p.errors?.[p.name];
  const id = `f-${p.name}`;
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>
        {p.label}
        {p.required ? (
          <span class="req" aria-hidden="true">
            {" "}
            *
          </span>
        ) : null}
      </label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value ?? ""}
        required={p.required}
        placeholder={p.placeholder}
        autocomplete={p.autocomplete}
        autofocus={p.autofocus}
        inputmode={p.inputmode}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {p.hint ? <small class="hint">{p.hint}</small> : null}
      {error ? (
        <small class="error" id={`${id}-error`}>
          {error}
        </small>
      ) : null}
    </div>
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
