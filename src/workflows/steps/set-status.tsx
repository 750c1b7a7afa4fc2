import { z } from "zod";
import { setConversationStatus } from "../../messaging/status.ts";
import { StepSelect } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";
import { done, fail } from "./run-context.ts";

const STATUSES = ["open", "pending", "resolved"] as const;
const LABELS = { open: "Open", pending: "Pending", resolved: "Resolved" } as const;
const schema = z.object({ kind: z.literal("set_status"), status: z.enum(STATUSES) });

/**
 * Set the conversation's status (say, resolve it after an automatic answer). Snoozing needs a time
 * a person picks, so it is not offered here. The timeline and the webhook record no person.
 */
export const setStatusStep = defineStep<typeof schema>({
  kind: "set_status",
  atomic: true,
  label: "Set status",
  schema,
  fields: ["status"],
  fresh: () => ({ kind: "set_status", status: "resolved" }),
  validate({ v, err }) {
    const status = STATUSES.find((s) => s === v.status);
    return status ? { kind: "set_status", status } : err("status", "Choose open, pending or resolved.");
  },
  Fields: ({ c }) => (
    <StepSelect
      c={c}
      field="status"
      label="Status"
      options={STATUSES.map((s) => ({ value: s, label: LABELS[s] }))}
    />
  ),
  describe: (s) => `Set the status to ${LABELS[s.status].toLowerCase()}`,
  run(ctx, step) {
    const conversationId = ctx.run.conversation_id;
    if (conversationId === null) return fail("this run has no conversation");
    return done(`set the conversation ${step.status}`, () => {
      setConversationStatus(ctx.db, [conversationId], { status: step.status }, null, ctx.clock());
    });
  },
});
