import type { FormBody } from "../web/forms.ts";
import { one } from "../web/forms.ts";
import { RECORD_TYPES } from "../records/public.ts";
import { expressionError } from "./expressions.ts";
import { draftValues, isStepKind, stepDefinition, type Step, type StepKind } from "./steps/index.ts";
import type { StepCheck } from "./steps/kind.ts";
import { scopeFromForm, validateScope, type ScopeChoices, type ScopeDraft } from "./editor-scope.ts";
import type { ChannelScope } from "./scope.ts";
import type { TriggerKind, Workflow, WorkflowInput } from "./store.ts";

/**
 * The editor works on a draft: what the person typed, as strings, so a form with mistakes comes
 * back exactly as it was sent with the errors next to the fields. Saving turns a valid draft into steps.
 */
export type DraftStep = { kind: StepKind; v: Record<string, string> };
export type Draft = ScopeDraft & {
  name: string;
  recordType: string;
  enabled: boolean;
  /** "message" or "call" as chosen; anything else is refused next to the field. */
  trigger?: string;
  pattern: string;
  steps: DraftStep[];
};
export type DraftErrors = Record<string, string | undefined>;

const MAX_STEPS = 30;
const TRIGGERS: readonly TriggerKind[] = ["message", "call"];

export function emptyDraft(recordType: string): Draft {
  return {
    name: "",
    recordType: (RECORD_TYPES as readonly string[]).includes(recordType) ? recordType : "contact",
    enabled: true,
    trigger: "message",
    pattern: "",
    steps: [],
    allChannels: false,
    channelIds: [],
  };
}

/** A saved workflow as the editor shows it; `scope` is what this person may tick (scopeForEditor). */
export function draftFromWorkflow(w: Workflow, scope: ScopeDraft): Draft {
  return {
    name: w.name,
    recordType: w.record_type,
    enabled: w.enabled === 1,
    trigger: w.trigger_kind,
    pattern: w.pattern,
    steps: w.steps.map(draftStep),
    ...scope,
  };
}

export function draftStep(s: Step): DraftStep {
  return { kind: s.kind, v: draftValues(s) };
}

/** Reads the editor form: `name`, `record_type`, `enabled`, `pattern`, the channels, `s.<i>.<field>`. */
export function draftFromForm(body: FormBody): Draft {
  const steps: DraftStep[] = [];
  for (let i = 0; i < MAX_STEPS; i++) {
    const kind = one(body, `s.${i}.kind`);
    if (!kind) break;
    if (!isStepKind(kind)) continue;
    const v: Record<string, string> = {};
    for (const f of stepDefinition(kind).fields) v[f] = one(body, `s.${i}.${f}`);
    steps.push({ kind, v });
  }
  return {
    name: one(body, "name"),
    recordType: one(body, "record_type"),
    enabled: one(body, "enabled") === "1",
    trigger: one(body, "trigger") || "message",
    pattern: one(body, "pattern"),
    steps,
    ...scopeFromForm(body),
  };
}

/** Add / remove / move a step: `add`, `remove:<i>`, `up:<i>`, `down:<i>`. Unknown operations change nothing. */
export function applyOperation(
  draft: Draft,
  op: string,
  addKind: string,
  fresh: (kind: StepKind) => DraftStep,
): Draft {
  const steps = [...draft.steps];
  const [name, raw] = op.split(":");
  const i = Number(raw);
  if (name === "add" && isStepKind(addKind) && steps.length < MAX_STEPS) steps.push(fresh(addKind));
  else if (name === "remove" && steps[i]) steps.splice(i, 1);
  else if (name === "up" && i > 0 && steps[i]) [steps[i - 1], steps[i]] = [steps[i]!, steps[i - 1]!];
  else if (name === "down" && steps[i] && steps[i + 1]) [steps[i], steps[i + 1]] = [steps[i + 1]!, steps[i]!];
  return { ...draft, steps };
}

/** What the editing person may choose; ScopeChoices' channelIds are the live channels they may use. */
export type EditorChoices = ScopeChoices & {
  /** The country prefix of a channel (the same rule as every other send path); "" for none. */
  countryPrefixOf: (channelId: number) => string;
  userIds: Set<number>;
  labelIds: Set<number>;
  /** Teams (user groups) that exist, for the Assign step. */
  teamIds?: Set<number>;
  /** Signs an uploaded file's fields, so a form cannot point a step at someone else's media. */
  fileSignature: (v: Record<string, string>) => string;
};

/** Validates a draft for saving: every field checked, every expression parsed, so a run never meets a typo. */
export function validateDraft(
  draft: Draft,
  choices: EditorChoices,
): { ok: true; input: WorkflowInput } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = "Enter a name.";
  else if (name.length > 100) errors.name = "Use at most 100 characters.";
  if (!(RECORD_TYPES as readonly string[]).includes(draft.recordType))
    errors.record_type = "Choose a record type.";
  if (draft.pattern.length > 500) errors.pattern = "Use at most 500 characters.";
  const trigger = (draft.trigger ?? "message") as TriggerKind;
  if (!TRIGGERS.includes(trigger)) errors.trigger = "Choose what starts the workflow.";
  const scope = validateScope(draft, choices, errors);
  // A workflow without steps would fill its run log with runs that do nothing.
  if (draft.steps.length === 0) errors.steps = "Add at least one step.";
  const steps: Step[] = [];
  draft.steps.forEach((d, i) => {
    const step = validateStep(d, i, { recordType: draft.recordType, scope }, choices, errors);
    if (step) steps.push(step);
  });
  if (Object.values(errors).some(Boolean) || scope === null) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      recordType: draft.recordType,
      enabled: draft.enabled,
      trigger,
      // A call has no text to match: its workflows run for every call.
      pattern: trigger === "call" ? "" : draft.pattern.trim(),
      steps,
      channels: scope,
    },
  };
}

/** One step through its kind's validation; errors land under `s.<i>.<field>`. */
function validateStep(
  d: DraftStep,
  i: number,
  workflow: { recordType: string; scope: ChannelScope | null },
  choices: EditorChoices,
  errors: DraftErrors,
): Step | null {
  const v = d.v;
  const err = (field: string, message: string) => {
    errors[`s.${i}.${field}`] = message;
    return null;
  };
  const check: StepCheck = {
    v,
    ...workflow,
    choices,
    err,
    hasError: (field) => Boolean(errors[`s.${i}.${field}`]),
    template: (field, max) => {
      const text = v[field] ?? "";
      if (text.length > max) return err(field, `Use at most ${max} characters.`);
      const e = expressionError(text);
      return e ? err(field, `Template error: ${e}`) : text;
    },
  };
  return stepDefinition(d.kind).validate(check) as Step | null;
}
