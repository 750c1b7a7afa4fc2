import { z } from "zod";
import { conditionError, evaluateExpression } from "../expressions.ts";
import { StepInput } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";
import { done, fail } from "./run-context.ts";

const schema = z.object({ kind: z.literal("condition"), expression: z.string().max(2000) });

/** Condition: a false expression ends the run quietly, skipping the remaining steps. */
export const conditionStep = defineStep<typeof schema>({
  kind: "condition",
  atomic: true,
  label: "Condition",
  schema,
  fields: ["expression"],
  fresh: () => ({ kind: "condition", expression: "__data.incoming_whatsapp.is_group == false" }),
  validate({ v, err }) {
    const expression = (v.expression ?? "").trim();
    const e = expression.length > 2000 ? "Use at most 2,000 characters." : conditionError(expression);
    return e ? err("expression", e) : { kind: "condition", expression };
  },
  Fields: ({ c }) => (
    <StepInput
      c={c}
      field="expression"
      label="Continue only if"
      placeholder="__data.incoming_whatsapp.is_group == false"
      hint={
        <>
          When false, the remaining steps are skipped. Compare with <code>==</code>, <code>!=</code>,{" "}
          <code>contains</code>, combine with <code>and</code> / <code>or</code>.
        </>
      }
    />
  ),
  describe: (s) => `Only if ${s.expression}`,
  async run(ctx, step) {
    // Saved before the editor refused half-written conditions: those fail rather than pass everything.
    const invalid = conditionError(step.expression);
    if (invalid) return fail(`condition error: ${invalid}`);
    const res = await evaluateExpression(step.expression, ctx.data);
    if (!res.ok) return fail(`condition error: ${res.error}`);
    return res.value
      ? done("condition is true")
      : { kind: "stop", result: "condition is false: the remaining steps were skipped" };
  },
});
