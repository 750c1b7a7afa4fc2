import { z } from "zod";
import {
  RECORD_TYPES,
  recordTypeLabel,
  updatableFields,
  updateRecordField,
  type RecordType,
} from "../../records/public.ts";
import { renderExpression } from "../expressions.ts";
import { ExpressionHint, StepInput, StepSelect } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";
import { done, fail } from "./run-context.ts";

const schema = z.object({
  kind: z.literal("update_field"),
  field: z.string().max(100),
  value: z.string().max(2000),
});

/** Update a field on the record, with the value's expressions filled in. */
export const updateFieldStep = defineStep<typeof schema>({
  kind: "update_field",
  atomic: true,
  label: "Update a field",
  schema,
  fields: ["field", "value"],
  fresh: () => ({ kind: "update_field", field: "", value: "" }),
  validate({ v, recordType, err, template }) {
    const fields = (RECORD_TYPES as readonly string[]).includes(recordType)
      ? updatableFields(recordType as RecordType)
      : [];
    const field = fields.find((f) => f.name === v.field);
    if (!field) err("field", "Choose a field of this record type.");
    const value = template("value", 2000);
    return value === null || !field ? null : { kind: "update_field", field: field.name, value };
  },
  Fields: ({ c, choices }) => {
    const fields = choices.fields.map((f) => ({ value: f.name, label: f.label }));
    return (
      <div class="wf-row">
        <StepSelect
          c={c}
          field="field"
          label="Field"
          options={[{ value: "", label: "Choose a field" }, ...fields]}
        />
        <StepInput c={c} field="value" label="New value" hint={<ExpressionHint />} />
      </div>
    );
  },
  describe: (s) => `Set ${s.field}`,
  async run(ctx, step) {
    const field = updatableFields(ctx.ref.type).find((f) => f.name === step.field);
    if (!field) return fail(`${recordTypeLabel(ctx.ref.type)} has no field "${step.field}"`);
    const value = await renderExpression(step.value, ctx.data);
    if (!value.ok) return fail(`template error: ${value.error}`);
    // Written in the step's closing transaction; a refused value rolls it back and fails the step.
    return done(`set ${field.label} to "${value.text}"`, () => {
      const res = updateRecordField(ctx.db, ctx.ref, field.name, value.text, ctx.clock());
      if (!res.ok) throw new FieldRejected(res.error);
    });
  },
});

/** The record refused the value: the runner fails the step with this message. */
export class FieldRejected extends Error {}
