import { Layout } from "../../ui/layout.tsx";
import { CsrfField, FormError } from "../../ui/components/form.tsx";
import { FieldFrame } from "../../ui/components/field.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { Draft, DraftErrors } from "../editor.ts";
import { STEP_KINDS, stepDefinition, stepLabel } from "../steps/index.ts";
import type { PatternPreview } from "../recent.ts";
import { PatternInput, PatternPanel } from "./pattern-panel.tsx";
import { ScopeField } from "./scope-field.tsx";
import { TriggerField } from "./trigger-field.tsx";
import type { StepChoices, StepCtx } from "./step-fields.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";
import { hx } from "../../ui/htmx.ts";

export type EditorProps = {
  id?: number;
  draft: Draft;
  errors: DraftErrors;
  recent: PatternPreview;
  choices: StepChoices;
  recordTypes: { value: string; label: string }[];
  /** For the Channels field: whether All channels is offered, and whether saving narrows the saved scope. */
  scope: { mayUseAll: boolean; wider: boolean };
  saved?: boolean;
  /** The last problem the trigger met with this workflow, until it is saved again. */
  triggerError?: { message: string; at: number | null } | null;
};

const DATA_FIELDS = [
  "from_number",
  "to_number",
  "text",
  "message_type",
  "direction",
  "whatsapp_message_id",
  "is_group",
  "display_name",
  "date_received",
  "group_jid",
  "group_name",
  "participant",
  "participant_jid",
];

export function WorkflowEditorPage(p: EditorProps) {
  return (
    <Layout title={p.id ? `Workflow ${p.draft.name}` : "New workflow"} nav="workflows">
      <div class="page-head">
        <h1>{p.id ? `Edit workflow` : "New workflow"}</h1>
        {p.id ? <a href={`/workflows/${p.id}/runs`}>Run log</a> : null}
      </div>
      {p.triggerError ? (
        <p class="alert alert-error" role="alert">
          The trigger failed <Time at={p.triggerError.at} />: {p.triggerError.message}. Saving the workflow
          clears this.
        </p>
      ) : null}
      {p.saved ? (
        <p class="alert alert-ok" role="status">
          Saved.
        </p>
      ) : null}
      <WorkflowForm {...p} />
      {p.id ? (
        <PostButton
          action={`/workflows/${p.id}/delete`}
          confirm={`Delete the workflow ${p.draft.name} and its run log?`}
          formClass="wf-delete"
          buttonClass="danger small"
        >
          Delete workflow
        </PostButton>
      ) : null}
    </Layout>
  );
}

/** The whole editor is one form; step buttons re-render it (htmx swaps it in place) without saving. */
export function WorkflowForm(p: EditorProps) {
  const action = p.id ? `/workflows/${p.id}` : "/workflows";
  const hasErrors = Object.values(p.errors).some(Boolean);
  return (
    <form
      id="wf-form"
      class="wf-form"
      method="post"
      action={action}
      enctype="multipart/form-data"
      {...hx({ post: action, target: "this", swap: "outerHTML" })}
    >
      <CsrfField />
      {/* Enter in a text field saves, rather than pressing the first step's buttons. */}
      <button type="submit" name="op" value="" class="wf-default-submit" tabindex={-1}>
        Save
      </button>
      <FormError message={hasErrors ? "Please correct the fields marked below." : null} />
      <section class="card">
        <div class="wf-general">
          <FieldFrame for="f-name" label="Name" required error={p.errors.name}>
            <input id="f-name" name="name" type="text" value={p.draft.name} maxlength={100} required />
          </FieldFrame>
          <FieldFrame for="f-record-type" label="Record type" error={p.errors.record_type}>
            <select
              id="f-record-type"
              name="record_type"
              {...hx({
                post: action,
                trigger: "change",
                vals: '{"op":"refresh"}',
                target: "#wf-form",
                swap: "outerHTML",
              })}
            >
              {p.recordTypes.map((t) => (
                <option value={t.value} selected={t.value === p.draft.recordType}>
                  {t.label}
                </option>
              ))}
            </select>
          </FieldFrame>
          <label class="check wf-enabled">
            <input type="checkbox" name="enabled" value="1" checked={p.draft.enabled} /> On
          </label>
        </div>
      </section>

      <section class="card wf-card">
        <TriggerField value={p.draft.trigger ?? "message"} error={p.errors.trigger} />
        <ScopeField
          allChannels={p.draft.allChannels}
          channelIds={p.draft.channelIds}
          channels={p.choices.channels}
          mayUseAll={p.scope.mayUseAll}
          wider={p.scope.wider}
          error={p.errors.channels}
        />
        <div class="wf-trigger">
          <div>
            <PatternInput value={p.draft.pattern} error={p.errors.pattern} />
            <details class="wf-data">
              <summary>Data you can use in steps</summary>
              <p>
                {DATA_FIELDS.map((f, i) => (
                  <>
                    {i ? ", " : ""}
                    <code>{`{{ __data.incoming_whatsapp.${f} }}`}</code>
                  </>
                ))}
                {", "}
                <code>{"{{ __data.record.name }}"}</code> (and the record's other fields),{" "}
                <code>{"{{ __data.channel.name }}"}</code>, <code>{"{{ __data.channel.number }}"}</code>.
              </p>
              <p>
                Filters: <code>upper</code>, <code>lower</code>, <code>default: 'text'</code>,{" "}
                <code>date: '%Y-%m-%d'</code>. <code>{"{# comments #}"}</code> are dropped. A missing value
                prints nothing.
              </p>
            </details>
          </div>
          <PatternPanel preview={p.recent} />
        </div>
      </section>

      <section class="card wf-card">
        <h2>Steps</h2>
        {p.draft.steps.length === 0 ? (
          <p class={p.errors.steps ? "error" : "muted"} id="steps-error">
            {p.errors.steps ?? "No steps yet: add the first one below."}
          </p>
        ) : null}
        <ol class="wf-steps">
          {p.draft.steps.map((step, i) => (
            <li class="wf-step">
              <fieldset>
                <legend>
                  {i + 1}. {stepLabel(step.kind)}
                </legend>
                <input type="hidden" name={`s.${i}.kind`} value={step.kind} />
                <fieldset class="wf-step-tools" aria-label={`Step ${i + 1}`}>
                  <button
                    type="submit"
                    name="op"
                    value={`up:${i}`}
                    class="secondary small"
                    disabled={i === 0}
                    aria-label={`Move step ${i + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="submit"
                    name="op"
                    value={`down:${i}`}
                    class="secondary small"
                    disabled={i === p.draft.steps.length - 1}
                    aria-label={`Move step ${i + 1} down`}
                  >
                    ↓
                  </button>
                  <button type="submit" name="op" value={`remove:${i}`} class="danger small" formnovalidate>
                    Remove
                  </button>
                </fieldset>
                <StepFields c={{ i, step, errors: p.errors }} choices={p.choices} />
              </fieldset>
            </li>
          ))}
        </ol>
        <div class="wf-add actions">
          <label for="f-add-kind">Add step</label>
          <select id="f-add-kind" name="add_kind">
            {STEP_KINDS.map((k) => (
              <option value={k}>{stepLabel(k)}</option>
            ))}
          </select>
          <button type="submit" name="op" value="add" class="secondary" formnovalidate>
            Add step
          </button>
        </div>
      </section>
      <p class="actions">
        <button type="submit" name="op" value="">
          Save workflow
        </button>
        <a href="/workflows">Cancel</a>
      </p>
    </form>
  );
}

/** The fields of one step, as its kind draws them. */
function StepFields(p: { c: StepCtx; choices: StepChoices }) {
  const { Fields } = stepDefinition(p.c.step.kind);
  return <Fields c={p.c} choices={p.choices} />;
}
