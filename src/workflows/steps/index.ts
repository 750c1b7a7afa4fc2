import { z } from "zod";
import { addLabelStep } from "./add-label.tsx";
import { assignStep } from "./assign.tsx";
import { businessHoursStep } from "./business-hours.tsx";
import { conditionStep } from "./condition.tsx";
import type { StepDefinition } from "./kind.ts";
import { notifyStep } from "./notify.tsx";
import { oncePerDayStep } from "./once-per-day.tsx";
import type { ActionContext, StepOutcome } from "./run-context.ts";
import { saveMediaStep } from "./save-media.tsx";
import { sendWhatsAppStep } from "./send-whatsapp.tsx";
import { setStatusStep } from "./set-status.tsx";
import { updateFieldStep } from "./update-field.tsx";
import { waitStep } from "./wait.tsx";
import { webhookStep } from "./webhook.tsx";

/**
 * Every step kind, in the order "Add step" offers them. A kind is one file (see kind.ts);
 * adding one means writing that file and naming it here.
 */
const STEP_DEFINITIONS = [
  conditionStep,
  businessHoursStep,
  oncePerDayStep,
  sendWhatsAppStep,
  waitStep,
  saveMediaStep,
  notifyStep,
  updateFieldStep,
  addLabelStep,
  setStatusStep,
  assignStep,
  webhookStep,
] as const;

type Schemas<T extends readonly { schema: z.ZodObject }[]> = { [I in keyof T]: T[I]["schema"] };

/** The ordered steps of a workflow, as stored (JSON) and as the runner reads them. */
export const stepSchema = z.discriminatedUnion(
  "kind",
  STEP_DEFINITIONS.map((d) => d.schema) as unknown as Schemas<typeof STEP_DEFINITIONS>,
);
export type Step = z.infer<typeof stepSchema>;
export type StepKind = Step["kind"];
export const STEP_KINDS: readonly StepKind[] = STEP_DEFINITIONS.map((d) => d.kind);

const BY_KIND = new Map<string, StepDefinition<z.ZodObject>>(STEP_DEFINITIONS.map((d) => [d.kind, d]));

/** The definition of a kind; the kinds are a closed list, so every StepKind has one. */
export function stepDefinition(kind: StepKind): StepDefinition<z.ZodObject> {
  return BY_KIND.get(kind)!;
}

export function isStepKind(kind: string): kind is StepKind {
  return BY_KIND.has(kind);
}

export function stepLabel(kind: StepKind): string {
  return stepDefinition(kind).label;
}

/** A stored step as the editor's strings (`s.<i>.<field>`). */
export function draftValues(step: Step): Record<string, string> {
  const definition = stepDefinition(step.kind);
  if (definition.toDraft) return definition.toDraft(step);
  const stored = step as Record<string, unknown>;
  return Object.fromEntries(definition.fields.map((field) => [field, String(stored[field] ?? "")]));
}

/** A new step with sensible defaults, as "Add step" puts it in the editor. */
export function newStep(kind: StepKind): Step {
  return stepDefinition(kind).fresh() as Step;
}

export function describeStep(step: Step): string {
  return stepDefinition(step.kind).describe(step);
}

export async function runStep(ctx: ActionContext, step: Step): Promise<StepOutcome> {
  return stepDefinition(step.kind).run(ctx, step);
}

const stepsSchema = z.array(stepSchema);

/**
 * Every step job reads its run's steps and its workflow's: the same few JSON texts, read once each
 * (keyed by the text itself, so an edited workflow is simply a new key). Oldest out first.
 */
const readCache = new Map<string, Step[]>();
const READ_CACHE_SIZE = 500;

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
  const known = readCache.get(json);
  if (known) return known;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("its saved steps could not be read: they are not valid JSON");
  }
  const parsed = stepsSchema.safeParse(raw);
  if (parsed.success) {
    // Frozen: the same array serves every run of a workflow, so nobody may change it in place.
    const steps = Object.freeze(parsed.data.map((step) => Object.freeze(step))) as Step[];
    if (readCache.size >= READ_CACHE_SIZE) readCache.delete(readCache.keys().next().value!);
    readCache.set(json, steps);
    return steps;
  }
  const issue = parsed.error.issues[0];
  throw new Error(
    `its saved steps could not be read: step ${Number(issue?.path[0] ?? 0) + 1}, ${issue?.message ?? "invalid"}`,
  );
}
