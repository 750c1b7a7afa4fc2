import { z } from "zod";
import { withinBusinessHours } from "../../channels/business-hours.ts";
import { findBusinessHours } from "../../channels/business-hours-store.ts";
import { StepSelect } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";
import { done } from "./run-context.ts";

const WHEN = ["within", "outside"] as const;
const schema = z.object({ kind: z.literal("business_hours"), when: z.enum(WHEN) });
const LABELS = { within: "within business hours", outside: "outside business hours" } as const;

/**
 * Business hours: continues only if the message arrived within (or outside) its channel's hours.
 * The moment is when Pairbox stored the message (the run's start), so a re-run days later or a run
 * resumed after a Wait decides as it did then. A channel without hours is always within them.
 */
export const businessHoursStep = defineStep<typeof schema>({
  kind: "business_hours",
  atomic: true,
  label: "Business hours",
  schema,
  fields: ["when"],
  fresh: () => ({ kind: "business_hours", when: "outside" }),
  validate({ v, err }) {
    const when = WHEN.find((w) => w === v.when);
    return when ? { kind: "business_hours", when } : err("when", "Choose within or outside business hours.");
  },
  Fields: ({ c }) => (
    <StepSelect
      c={c}
      field="when"
      label="Continue only if the message arrived"
      options={WHEN.map((w) => ({ value: w, label: LABELS[w] }))}
      hint="The hours of the message's channel (Channels → the number → Business hours). A channel without hours counts as always within them."
    />
  ),
  describe: (s) => `Only if ${LABELS[s.when]}`,
  run(ctx, step) {
    const hours = ctx.run.channel_id === null ? null : findBusinessHours(ctx.db, ctx.run.channel_id);
    const within = hours === null || withinBusinessHours(hours, ctx.run.created_at);
    const where = hours
      ? `${within ? "within" : "outside"} business hours (${hours.timeZone})`
      : "within business hours (none are set)";
    return within === (step.when === "within")
      ? done(`the message arrived ${where}`)
      : { kind: "stop", result: `the message arrived ${where}: the remaining steps were skipped` };
  },
});
