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

/** Call a webhook: POST the data bundle as JSON. Server errors and timeouts are retried; 4xx are not. */
export async function callWebhook(ctx: ActionContext, step: StepOf<"webhook">): Promise<StepOutcome> {
  const body = JSON.stringify({
    workflow: { id: ctx.run.workflow_id, name: ctx.workflowName },
    run_id: ctx.run.id,
    data: ctx.data,
  });
  try {
    const res = await fetch(step.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Pairbox-Workflows",
        "x-pairbox-idempotency-key": ctx.idempotencyKey,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(ctx.webhookTimeoutMs),
    });
    await res.body?.cancel();
    if (res.status >= 200 && res.status < 300) return done(`HTTP ${res.status}`);
    if (res.status >= 500 || res.status === 429) return { kind: "retry", error: `HTTP ${res.status}` };
    return fail(`HTTP ${res.status}`);
  } catch (err) {
    const e = err as Error;
    return {
      kind: "retry",
      error:
        e.name === "TimeoutError"
          ? `no answer within ${ctx.webhookTimeoutMs / 1000} s`
          : `could not reach the URL: ${e.message}`,
    };
  }
}
