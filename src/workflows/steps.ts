import { z } from "zod";

/** The ordered steps of a workflow, as stored (JSON) and as the runner reads them. */
export const STEP_KINDS = [
  "condition",
  "send_whatsapp",
  "wait",
  "save_media",
  "notify",
  "update_field",
  "webhook",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const STEP_LABELS: Record<StepKind, string> = {
  condition: "Condition",
  send_whatsapp: "Send WhatsApp",
  wait: "Wait",
  save_media: "Save media to the record's attachments",
  notify: "Notify a user",
  update_field: "Update a field",
  webhook: "Call a webhook",
};

export const ATTACHMENTS = ["none", "file", "invoice", "quote", "trigger_media"] as const;
export const WAIT_UNITS = ["minutes", "hours", "days"] as const;
const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

const fileSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mime: z.string().max(200),
  size: z.number().int().nonnegative(),
  fileName: z.string().max(255),
});
export type StepFile = z.infer<typeof fileSchema>;

export const stepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("condition"), expression: z.string().max(2000) }),
  z.object({
    kind: z.literal("send_whatsapp"),
    /** "trigger" = the channel the message came in on, else a channel id. */
    channel: z.union([z.literal("trigger"), z.number().int().positive()]),
    /** "sender" = whoever wrote (or the group, for a group message), else a phone number. */
    recipient: z.string().max(40),
    text: z.string().max(4000),
    attachment: z.enum(ATTACHMENTS),
    file: fileSchema.nullable(),
  }),
  z.object({
    kind: z.literal("wait"),
    amount: z.number().int().min(1).max(10_000),
    unit: z.enum(WAIT_UNITS),
  }),
  z.object({ kind: z.literal("save_media") }),
  z.object({
    kind: z.literal("notify"),
    target: z.union([z.literal("owner"), z.number().int().positive()]),
    text: z.string().max(1000),
  }),
  z.object({ kind: z.literal("update_field"), field: z.string().max(100), value: z.string().max(2000) }),
  z.object({ kind: z.literal("webhook"), url: z.string().max(2000) }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export function waitMs(step: StepOf<"wait">): number {
  return step.amount * UNIT_MS[step.unit];
}

/** A new step with sensible defaults, as "Add step" puts it in the editor. */
export function newStep(kind: StepKind): Step {
  switch (kind) {
    case "condition":
      return { kind, expression: "__data.incoming_whatsapp.is_group == false" };
    case "send_whatsapp":
      return { kind, channel: "trigger", recipient: "sender", text: "", attachment: "none", file: null };
    case "wait":
      return { kind, amount: 1, unit: "hours" };
    case "save_media":
      return { kind };
    case "notify":
      return {
        kind,
        target: "owner",
        text: "New WhatsApp message from {{ __data.incoming_whatsapp.display_name }}",
      };
    case "update_field":
      return { kind, field: "", value: "" };
    case "webhook":
      return { kind, url: "" };
  }
}

/** Stored steps; a damaged row reads as no steps rather than crashing a page. */
export function parseSteps(json: string): Step[] {
  try {
    return readSteps(json);
  } catch {
    return [];
  }
}

/**
 * Stored steps for starting a run: a row this version cannot read throws with the reason, so the
 * trigger records it on the workflow instead of starting runs that would quietly do nothing.
 */
export function readSteps(json: string): Step[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("its saved steps could not be read: they are not valid JSON");
  }
  const parsed = z.array(stepSchema).safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `its saved steps could not be read: step ${Number(issue?.path[0] ?? 0) + 1}, ${issue?.message ?? "invalid"}`,
  );
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case "condition":
      return `Only if ${step.expression}`;
    case "send_whatsapp":
      return `Send WhatsApp to ${step.recipient === "sender" ? "the sender" : step.recipient}${step.attachment === "none" ? "" : ` with ${step.attachment === "trigger_media" ? "the message's media" : step.attachment === "file" ? (step.file?.fileName ?? "a file") : `the latest ${step.attachment}`}`}`;
    case "wait":
      return `Wait ${step.amount} ${step.amount === 1 ? step.unit.slice(0, -1) : step.unit}`;
    case "save_media":
      return "Save the message's media to the record";
    case "notify":
      return step.target === "owner" ? "Notify the record owner" : "Notify a user";
    case "update_field":
      return `Set ${step.field}`;
    case "webhook":
      return `POST to ${step.url}`;
  }
}
