import type { Child } from "hono/jsx";
import type { DraftErrors, DraftStep } from "../editor.ts";
import { FieldFrame, invalidAttrs } from "../../ui/components/field.tsx";

/** Small labelled controls for one step; names are `s.<i>.<field>`, errors keyed the same way. */
export type StepCtx = { i: number; step: DraftStep; errors: DraftErrors };

/** What the step fields may offer: the editing person's channels, active users, the record type's fields. */
export type StepChoices = {
  channels: { id: number; label: string }[];
  users: { id: number; name: string }[];
  /** Teams (user groups), for the Assign step. */
  teams?: { id: number; name: string }[];
  fields: { name: string; label: string }[];
  recordLabel: string;
  /** The labels an Add label step may add. */
  labels: { id: number; name: string }[];
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

/** One step field's control: its id, its form name (`s.<i>.<field>`), value and error. */
function control(c: StepCtx, field: string) {
  const name = `s.${c.i}.${field}`;
  return { id: `s-${c.i}-${field}`, name, value: c.step.v[field] ?? "", error: c.errors[name] };
}

export function StepField(p: { c: StepCtx; field: string; label: string; children: Child; hint?: Child }) {
  const { id, error } = control(p.c, p.field);
  return (
    <FieldFrame for={id} label={p.label} error={error} errorId={`${id}-error`} hint={p.hint}>
      {p.children}
    </FieldFrame>
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
  const { id, name, value, error } = control(p.c, p.field);
  return (
    <StepField c={p.c} field={p.field} label={p.label} hint={p.hint}>
      <input
        id={id}
        name={name}
        type={p.type ?? "text"}
        value={value}
        placeholder={p.placeholder}
        min={p.min}
        {...invalidAttrs(id, error)}
      />
    </StepField>
  );
}

export function StepText(p: { c: StepCtx; field: string; label: string; hint?: Child; rows?: number }) {
  const { id, name, value, error } = control(p.c, p.field);
  return (
    <StepField c={p.c} field={p.field} label={p.label} hint={p.hint}>
      <textarea id={id} name={name} rows={p.rows ?? 3} aria-invalid={error ? "true" : undefined}>
        {value}
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
  const { id, name, value: current } = control(p.c, p.field);
  return (
    <StepField c={p.c} field={p.field} label={p.label} hint={p.hint}>
      <select id={id} name={name}>
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
  const { name, value } = control(p.c, p.field);
  return <input type="hidden" name={name} value={value} />;
}
