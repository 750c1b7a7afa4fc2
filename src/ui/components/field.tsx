import type { Child } from "hono/jsx";
import { RequiredMark, type FieldErrors } from "./form.tsx";

/** The attributes that tie a control to its error message, so a screen reader reads it out. */
export function invalidAttrs(id: string, error: string | null | undefined) {
  return {
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
}

/**
 * The frame of one form field: the label (with the required mark), the control, a hint and the
 * error. `errorId` names the error for aria-describedby; `after` comes last (e.g. a warning).
 */
export function FieldFrame(p: {
  for?: string;
  label: Child;
  required?: boolean;
  error?: string | null;
  errorId?: string;
  hint?: Child;
  children: Child;
  after?: Child;
}) {
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for={p.for}>
        {p.label}
        {p.required ? <RequiredMark /> : null}
      </label>
      {p.children}
      {p.hint ? <small class="hint">{p.hint}</small> : null}
      {p.error ? (
        <small class="error" id={p.errorId}>
          {p.error}
        </small>
      ) : null}
      {p.after}
    </div>
  );
}

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
    <FieldFrame
      for={id}
      label={p.label}
      required={p.required}
      error={error}
      errorId={`${id}-error`}
      hint={p.hint}
    >
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
        {...invalidAttrs(id, error)}
      />
    </FieldFrame>
  );
}

/** A phone number field: the phone keyboard, and no autofill of the user's own number. */
export function PhoneField(p: Omit<FieldProps, "type" | "inputmode" | "autocomplete">) {
  return <Field {...p} type="tel" inputmode="tel" autocomplete="off" />;
}

/** A password being set: required, and password managers offer to generate one. */
export function NewPasswordField(p: { label: string; errors?: FieldErrors; hint?: Child }) {
  return (
    <Field
      label={p.label}
      name="password"
      type="password"
      required
      errors={p.errors}
      autocomplete="new-password"
      hint={p.hint}
    />
  );
}

type Scalar = string | number | null | undefined;
type ScalarKeys<V> = { [K in keyof V]: V[K] extends Scalar ? K : never }[keyof V] & string;

/**
 * Binds fields to a form's values and errors: `{...field("phone")}` gives a Field its name, the
 * value under that same name and the errors, so the name is written once.
 */
export function bindFields<V extends object>(values: V | undefined, errors: FieldErrors | undefined) {
  return (name: ScalarKeys<V>) => ({ name, value: values?.[name] as Scalar, errors });
}
