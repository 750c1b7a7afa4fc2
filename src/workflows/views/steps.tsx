import { Hidden, StepField, StepInput, StepSelect, StepText, type StepCtx } from "./step-fields.tsx";

export type StepChoices = {
  channels: { id: number; label: string }[];
  users: { id: number; name: string }[];
  fields: { name: string; label: string }[];
  recordLabel: string;
};

const EXPR_HINT = (
  <>
    Expressions like <code>{"{{ __data.incoming_whatsapp.display_name | default: 'there' }}"}</code> are
    filled in when the step runs.
  </>
);

/** The fields of one step, by kind. */
export function StepBody(p: { c: StepCtx; choices: StepChoices }) {
  const { c, choices } = p;
  switch (c.step.kind) {
    case "condition":
      return (
        <StepInput
          c={c}
          field="expression"
          label="Continue only if"
          placeholder="__data.incoming_whatsapp.is_group == false"
          hint={
            <>
              When false, the remaining steps are skipped. Compare with <code>==</code>, <code>!=</code>,{" "}
              <code>contains</code>, combine with <code>and</code> / <code>or</code>.
            </>
          }
        />
      );
    case "send_whatsapp":
      return <SendFields c={c} choices={choices} />;
    case "wait":
      return (
        <div class="wf-row">
          <StepInput c={c} field="amount" label="Wait for" type="number" min={1} />
          <StepSelect
            c={c}
            field="unit"
            label="Unit"
            options={[
              { value: "minutes", label: "minutes" },
              { value: "hours", label: "hours" },
              { value: "days", label: "days" },
            ]}
          />
        </div>
      );
    case "save_media":
      return (
        <p class="muted">
          Saves the triggering message's image or document to the {choices.recordLabel.toLowerCase()}'s
          attachments.
        </p>
      );
    case "notify":
      return (
        <>
          <StepSelect
            c={c}
            field="target"
            label="Notify"
            options={[
              { value: "owner", label: `The ${choices.recordLabel.toLowerCase()}'s owner` },
              ...choices.users.map((u) => ({ value: String(u.id), label: u.name })),
            ]}
          />
          <StepInput
            c={c}
            field="text"
            label="Notification text"
            hint={<>Shown in the bell with a link to the conversation. {EXPR_HINT}</>}
          />
        </>
      );
    case "update_field":
      return (
        <div class="wf-row">
          <StepSelect
            c={c}
            field="field"
            label="Field"
            options={[
              { value: "", label: "Choose a field" },
              ...choices.fields.map((f) => ({ value: f.name, label: f.label })),
            ]}
          />
          <StepInput c={c} field="value" label="New value" hint={EXPR_HINT} />
        </div>
      );
    case "webhook":
      return (
        <StepInput
          c={c}
          field="url"
          label="URL"
          type="url"
          placeholder="https://example.com/hook"
          hint="POSTs the data bundle as JSON, signed like a webhook with this workflow's secret (on its Run log page); server errors and timeouts are retried."
        />
      );
  }
}

function SendFields(p: { c: StepCtx; choices: StepChoices }) {
  const { c } = p;
  const v = c.step.v;
  return (
    <>
      <div class="wf-row">
        <StepSelect
          c={c}
          field="channel"
          label="From channel"
          options={[
            { value: "trigger", label: "The channel the message came in on" },
            ...p.choices.channels.map((ch) => ({ value: String(ch.id), label: ch.label })),
          ]}
        />
        <StepSelect
          c={c}
          field="recipient"
          label="To"
          options={[
            { value: "sender", label: "The sender (or the group, for a group message)" },
            { value: "phone", label: "This number…" },
          ]}
        />
        <StepInput
          c={c}
          field="recipient_phone"
          label="Number (when “This number…”)"
          placeholder="+44 7700 900123"
        />
      </div>
      <StepText
        c={c}
        field="text"
        label="Message"
        hint={<>{EXPR_HINT} Sent only if the recipient wrote to that channel in the last 24 hours.</>}
      />
      <div class="wf-row">
        <StepSelect
          c={c}
          field="attachment"
          label="Attachment"
          options={[
            { value: "none", label: "None" },
            { value: "invoice", label: "The record's latest invoice (PDF)" },
            { value: "quote", label: "The record's latest quote (PDF)" },
            { value: "trigger_media", label: "The triggering message's media" },
            { value: "file", label: "A file…" },
          ]}
        />
        <StepField
          c={c}
          field="file"
          label="File (when “A file…”)"
          hint={
            v.file_name ? (
              <>
                Attached: <strong>{v.file_name}</strong>. Choose another to replace it.
              </>
            ) : undefined
          }
        >
          <input id={`s-${c.i}-file`} type="file" name={`s.${c.i}.file`} />
        </StepField>
      </div>
      <Hidden c={c} field="file_sha" />
      <Hidden c={c} field="file_mime" />
      <Hidden c={c} field="file_size" />
      <Hidden c={c} field="file_name" />
      <Hidden c={c} field="file_sig" />
    </>
  );
}
