import type { Child } from "hono/jsx";
import type { z } from "zod";
import type { EditorChoices } from "../editor.ts";
import type { ChannelScope } from "../scope.ts";
import type { StepChoices, StepCtx } from "../views/step-fields.tsx";
import type { ActionContext, StepOutcome } from "./run-context.ts";

/** What a kind's validation gets: the typed strings of its fields and the ways to report a mistake. */
export type StepCheck = {
  /** The step's fields as the person typed them (`s.<i>.<field>`); a missing one reads as "". */
  v: Record<string, string>;
  recordType: string;
  /** The workflow's channels, or null while that field itself is invalid. */
  scope: ChannelScope | null;
  choices: EditorChoices;
  /** Records the message next to the field and answers null, so `return err(...)` refuses the step. */
  err: (field: string, message: string) => null;
  hasError: (field: string) => boolean;
  /** A text with `{{ }}` expressions: checked for length and syntax, null (with the error) when wrong. */
  template: (field: string, max: number) => string | null;
};

/**
 * Everything one step kind is, in one object: how it is stored (schema), what "Add step" puts in,
 * the editor's fields and their validation, how a run performs it and how the run log names it.
 * Adding a kind means one file exporting one of these, and its entry in the list (steps/index.ts).
 */
export type StepDefinition<Schema extends z.ZodObject> = {
  kind: StepOfSchema<Schema>["kind"];
  /** The step's name in the editor and the run log. */
  label: string;
  /** The stored JSON shape: saved workflows are read back through it, so it only ever grows compatibly. */
  schema: Schema;
  /** The form fields (`s.<i>.<field>`) this kind's editor reads. */
  fields: readonly string[];
  fresh(): StepOfSchema<Schema>;
  /** A stored step as the editor's strings; left out, each of `fields` is its stored value as text. */
  toDraft?(step: StepOfSchema<Schema>): Record<string, string>;
  /** The editor's strings as a step to save, or null after reporting why not. */
  validate(check: StepCheck): StepOfSchema<Schema> | null;
  Fields(p: { c: StepCtx; choices: StepChoices }): Child;
  /** One line for the workflow list and the run log. */
  describe(step: StepOfSchema<Schema>): string;
  run(ctx: ActionContext, step: StepOfSchema<Schema>): Promise<StepOutcome> | StepOutcome;
  /**
   * True when the step reaches nothing outside this database and what it changes is in its
   * outcome's `commit` (or keyed to the run, as once-per-day's mark): a crash in the middle leaves
   * nothing done, so the runner records its start together with its outcome, in one commit. Left
   * out (sends, calls, downloads), the start is committed before the step runs, so a step cut off
   * twice is stopped rather than tried a third time.
   */
  atomic?: true;
};

type StepOfSchema<Schema extends z.ZodObject> = z.infer<Schema>;

/**
 * Ties a definition's types to its schema. Call it as `defineStep<typeof schema>({...})`: inferred
 * from the object instead, the literals in `fresh` and `validate` would widen to string.
 */
export function defineStep<Schema extends z.ZodObject>(definition: StepDefinition<Schema>) {
  return definition;
}
