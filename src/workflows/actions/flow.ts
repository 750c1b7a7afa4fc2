import { conditionError, evaluateExpression } from "../expressions.ts";
import { waitMs, type StepOf } from "../steps.ts";
import { done, fail, type ActionContext, type StepOutcome } from "./types.ts";

/** A false condition ends the run quietly: the remaining steps are skipped. */
export async function condition(ctx: ActionContext, step: StepOf<"condition">): Promise<StepOutcome> {
  // Saved before the editor refused half-written conditions: those fail rather than pass everything.
  const invalid = conditionError(step.expression);
  if (invalid) return fail(`condition error: ${invalid}`);
  const res = await evaluateExpression(step.expression, ctx.data);
  if (!res.ok) return fail(`condition error: ${res.error}`);
  return res.value
    ? done("condition is true")
    : { kind: "stop", result: "condition is false: the remaining steps were skipped" };
}

/** Wait: the next step's job is queued for the due time, which survives a restart. */
export function wait(ctx: ActionContext, step: StepOf<"wait">): StepOutcome {
  const dueAt = ctx.clock() + waitMs(step);
  return { kind: "wait", dueAt, result: `waiting until ${new Date(dueAt).toISOString()}` };
}
