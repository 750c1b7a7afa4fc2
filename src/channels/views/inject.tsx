import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field, FieldFrame, invalidAttrs, PhoneField } from "../../ui/components/field.tsx";
import type { InjectFormValues } from "../inject.ts";
import { CONTENT_KINDS } from "../inject-rich.ts";
import { INJECT_KINDS } from "../inject-change.ts";
import { InjectChangeFields } from "./inject-change.tsx";

/** The group a simulated message was sent in: both are free text, as WhatsApp would report them. */
const GROUP_FIELDS = [
  { label: "Group id", name: "groupJid", placeholder: "120363041234567890@g.us" },
  { label: "Group subject", name: "groupSubject", placeholder: "e.g. Wholesale buyers" },
] as const;

/**
 * Demo mode only: make the simulated phone network deliver a message to this channel, as a
 * customer would. It sits outside the self-refreshing status block so a refresh never wipes what
 * is being typed; CSS hides it while the channel is not connected.
 */
export function InjectForm(p: {
  channelId: number;
  values: InjectFormValues;
  errors?: FieldErrors;
  maxUploadMb: number;
}) {
  const e = p.errors ?? {};
  const field = bindFields(p.values, e);
  return (
    <section class="card inject" id="inject">
      <h2>Inject inbound message (demo)</h2>
      <p class="muted">
        Pretend a customer wrote to this number. The message arrives in the inbox exactly as one from WhatsApp
        would.
      </p>
      <form
        method="post"
        action={`/channels/${p.channelId}/inject`}
        enctype="multipart/form-data"
        class="inject-form"
        data-max-bytes={String(Math.floor(p.maxUploadMb * 1048576))}
      >
        <CsrfField />
        <FormError message={e._form} />
        <FieldFrame for="f-kind" label="What arrives" error={e.kind} errorId="f-kind-error">
          <select id="f-kind" name="kind" {...invalidAttrs("f-kind", e.kind)}>
            {Object.entries(INJECT_KINDS).map(([value, label]) => (
              <option value={value} selected={p.values.kind === value}>
                {label}
              </option>
            ))}
          </select>
        </FieldFrame>
        <div class="inject-grid">
          <PhoneField label="From number" {...field("fromPhone")} required placeholder="+447700900123" />
          <Field label="Sender name" {...field("name")} placeholder="e.g. Ana Silva" autocomplete="off" />
        </div>
        <FieldFrame for="f-content" label="Kind of message">
          <select id="f-content" name="content">
            {Object.entries(CONTENT_KINDS).map(([value, label]) => (
              <option value={value} selected={p.values.content === value}>
                {label}
              </option>
            ))}
          </select>
        </FieldFrame>
        <div class="field">
          <label>
            <input type="checkbox" name="multiple" value="1" checked={p.values.multiple === "1"} /> Poll:
            allow more than one answer
          </label>
        </div>
        <FieldFrame for="f-text" label="Text" error={e.text} errorId="f-text-error">
          <textarea id="f-text" name="text" rows={3} {...invalidAttrs("f-text", e.text)}>
            {p.values.text}
          </textarea>
        </FieldFrame>
        <div class={e.file ? "field has-error" : "field"}>
          <label for="f-file">
            File <span class="muted">(optional, up to {p.maxUploadMb} MB)</span>
          </label>
          <input
            id="f-file"
            name="file"
            type="file"
            aria-invalid={e.file ? "true" : undefined}
            aria-describedby="f-file-error"
          />
          <small class="error file-error" id="f-file-error">
            {e.file ?? ""}
          </small>
        </div>
        <InjectChangeFields values={p.values} errors={e} />
        <details
          class="inject-group"
          open={Boolean(
            p.values.groupJid ||
              p.values.groupSubject ||
              p.values.participantPhone ||
              e.groupJid ||
              e.participantPhone,
          )}
        >
          <summary>Sent in a group (optional)</summary>
          <div class="inject-grid">
            {GROUP_FIELDS.map((f) => (
              <Field {...f} {...field(f.name)} autocomplete="off" />
            ))}
            <PhoneField
              label="Participant number"
              {...field("participantPhone")}
              placeholder="+447700900456"
              hint="The group member who wrote; the from number when left empty."
            />
          </div>
        </details>
        <p class="actions">
          <button type="submit">Deliver message</button>
        </p>
      </form>
    </section>
  );
}
