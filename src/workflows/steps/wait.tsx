import { z } from "zod";
import { StepInput, StepSelect } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";

const WAIT_UNITS = ["minutes", "hours", "days"] as const;
const schema = z.object({
  kind: z.literal("wait"),
  amount: z.number().int().min(1).max(10_000),
  unit: z.enum(WAIT_UNITS),
});
const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** Wait: the next step's job is queued for the due time, which survives a restart. */
export const waitStep = defineStep<typeof schema>({
  kind: "wait",
  atomic: true,
  label: "Wait",
  schema,
  fields: ["amount", "unit"],
  fresh: () => ({ kind: "wait", amount: 1, unit: "hours" }),
  validate({ v, err }) {
    const amount = z.coerce.number().int().min(1).max(10_000).safeParse(v.amount);
    if (!amount.success) return err("amount", "Enter a whole number from 1 to 10,000.");
    const unit = WAIT_UNITS.find((u) => u === v.unit);
    return unit ? { kind: "wait", amount: amount.data, unit } : err("unit", "Choose minutes, hours or days.");
  },
  Fields: ({ c }) => (
    <div class="wf-row">
      <StepInput c={c} field="amount" label="Wait for" type="number" min={1} />
      <StepSelect c={c} field="unit" label="Unit" options={WAIT_UNITS.map((u) => ({ value: u, label: u }))} />
    </div>
  ),
  describe: (s) => `Wait ${s.amount} ${s.amount === 1 ? s.unit.slice(0, -1) : s.unit}`,
  run(ctx, step) {
    const dueAt = ctx.clock() + step.amount * UNIT_MS[step.unit];
    return { kind: "wait", dueAt, result: `waiting until ${new Date(dueAt).toISOString()}` };
  },
});
