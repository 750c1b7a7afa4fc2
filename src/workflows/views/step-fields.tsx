import type { Child } from "hono/jsx";
import type { DraftErrors, DraftStep } from "../editor.ts";

/** Small labelled controls for one step; names are `s.<i>.<field>`, errors keyed the same way. */
export type StepCtx = { i: number; step: DraftStep; errors: DraftErrors };

/** What the step fields may offer: the editing person's channels, active users, the record type's fields. */
export type StepChoices = {
  channels: { id: number; label: string }[];
  users: { id: number; name: string }[];
  fields: { name: string; label: string }[];
  recordLabel: string;
};

/** The hint under a text whose `{{ }}` expressions are filled in when the step runs. */
export function ExpressionHint() {
  return (
    <>
      Expressions like <code>{"{{ __data.incoming_whatsapp.display_name | default: 'there' }}"}</code> are
      filled in when the step runs.
    </>
  );
}

function id(c: StepCtx, field: string) {
  return `s-${c.i}-${field}`;
}

export function StepField(p: { c: StepCtx; field: string; label: string; children: Child; hint?: Child }) {
  const error = p.c.errors[`s.${p.c.i}.${p.field}`];
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id(p.c, p.field)}>{p.label}</label>
      {p.children}
      {p.hint ? <small class="hint">{p.hint}</small> : null}
      {error ? (
        <small class="error" id={`${id(p.c, p.field)}-error`}>
          {error}
        </small>
      ) : null}
    </div>
  );
}

export function StepInput(p: {
  c: StepCtx;
  field: string;
  label: string;
  type?: string;
  hint?: Child;
  placeholder?: string;
  min?: number;
}) {
  const error = p.c.errors[`s.${p.c.i}.${p.field}`];
  return (
    <StepField c={p.c} field={p.field} label={p.label} hint={p.hint}>
      <input
        id={id(p.c, p.field)}
        name={`s.${p.c.i}.${p.field}`}
        type={p.type ?? "text"}
        value={p.c.step.v[p.field] ?? ""}
        placeholder={p.placeholder}
        min={p.min}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id(p.c, p.field)}-error` : undefined}
      />
    </StepField>
  );
}

export function StepText(p: { c: StepCtx; field: string; label: string; hint?: Child; rows?: number }) {
  const error = p.c.errors[`s.${p.c.i}.${p.field}`];
  return (
    <StepField c={p.c} field={p.field} label={p.label} hint={p.hint}>
      <textarea
        id={id(p.c, p.field)}
        name={`s.${p.c.i}.${p.field}`}
        rows={p.rows ?? 3}
        aria-invalid={error ? "true" : undefined}
      >
        {p.c.step.v[p.field] ?? ""}
      </textarea>
    </StepField>
  );
}

export function StepSelect(p: {
  c: StepCtx;
  field: string;
  label: string;
  options: { value: string; label: string }[];
  hint?: Child;
}) {
  const current = p.c.step.v[p.field] ?? "";
  return (
    <StepField c={p.c} field={p.field} label={p.label} hint={p.hint}>
      <select id={id(p.c, p.field)} name={`s.${p.c.i}.${p.field}`}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </StepField>
  );
}

export function Hidden(p: { c: StepCtx; field: string }) {
  return <input type="hidden" name={`s.${p.c.i}.${p.field}`} value={p.c.step.v[p.field] ?? ""} />;
}
