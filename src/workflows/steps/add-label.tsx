import { z } from "zod";
import { changeConversationLabels, findLabel } from "../../messaging/labels.ts";
import { changeRecordLabels } from "../../records/labels.ts";
import { recordTypeLabel } from "../../records/public.ts";
import { StepSelect } from "../views/step-fields.tsx";
import { defineStep } from "./kind.ts";
import { done, fail } from "./run-context.ts";

const TARGETS = ["conversation", "record", "both"] as const;
const schema = z.object({
  kind: z.literal("add_label"),
  label_id: z.number().int().min(0),
  target: z.enum(TARGETS),
});

/** Add a label to the conversation the message came in, to the record, or to both. */
export const addLabelStep = defineStep<typeof schema>({
  kind: "add_label",
  atomic: true,
  label: "Add label",
  schema,
  fields: ["label_id", "target"],
  fresh: () => ({ kind: "add_label", label_id: 0, target: "conversation" }),
  toDraft: (s) => ({ label_id: s.label_id ? String(s.label_id) : "", target: s.target }),
  validate({ v, choices, err, hasError }) {
    const id = Number(v.label_id);
    if (!choices.labelIds.has(id)) err("label_id", "Choose a label (Settings → Labels makes them).");
    const target = TARGETS.find((t) => t === v.target);
    if (!target) err("target", "Choose the conversation, the record or both.");
    return hasError("label_id") || !target ? null : { kind: "add_label", label_id: id, target };
  },
  Fields: ({ c, choices }) => (
    <div class="wf-row">
      <StepSelect
        c={c}
        field="label_id"
        label="Label"
        options={[
          { value: "", label: "Choose a label" },
          ...choices.labels.map((l) => ({ value: String(l.id), label: l.name })),
        ]}
      />
      <StepSelect
        c={c}
        field="target"
        label="Add to"
        options={[
          { value: "conversation", label: "The conversation" },
          { value: "record", label: `The ${choices.recordLabel.toLowerCase()}` },
          { value: "both", label: "Both" },
        ]}
      />
    </div>
  ),
  describe: (s) => `Add a label to the ${s.target === "both" ? "conversation and record" : s.target}`,
  run(ctx, step) {
    const label = findLabel(ctx.db, step.label_id);
    if (!label) return fail("the label no longer exists");
    const toConversation = step.target !== "record";
    const conversationId = ctx.run.conversation_id;
    if (toConversation && conversationId === null) return fail("this run has no conversation to label");
    const where = [
      toConversation ? "the conversation" : "",
      step.target !== "conversation" ? `the ${recordTypeLabel(ctx.ref.type).toLowerCase()}` : "",
    ]
      .filter(Boolean)
      .join(" and ");
    return done(`added ${label.name} to ${where}`, () => {
      if (toConversation && conversationId !== null)
        changeConversationLabels(ctx.db, conversationId, { add: [label.id] }, null, ctx.clock());
      if (step.target !== "conversation")
        changeRecordLabels(ctx.db, ctx.ref.id, { add: [label.id] }, ctx.clock());
    });
  },
});
