import { CsrfField, Field, FormError, type FieldErrors } from "../../ui/components/form.tsx";
import type { InjectFormValues } from "../inject.ts";

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
        <div class="inject-grid">
          <Field
            label="From number"
            name="fromPhone"
            type="tel"
            value={p.values.fromPhone}
            required
            errors={e}
            placeholder="+447700900123"
            inputmode="tel"
            autocomplete="off"
          />
          <Field
            label="Sender name"
            name="name"
            value={p.values.name}
            errors={e}
            placeholder="e.g. Ana Silva"
            autocomplete="off"
          />
        </div>
        <div class={e.text ? "field has-error" : "field"}>
          <label for="f-text">Text</label>
          <textarea
            id="f-text"
            name="text"
            rows={3}
            aria-invalid={e.text ? "true" : undefined}
            aria-describedby={e.text ? "f-text-error" : undefined}
          >
            {p.values.text}
          </textarea>
          {e.text ? (
            <small class="error" id="f-text-error">
              {e.text}
            </small>
          ) : null}
        </div>
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
            <Field
              label="Group id"
              name="groupJid"
              value={p.values.groupJid}
              errors={e}
              placeholder="120363041234567890@g.us"
              autocomplete="off"
            />
            <Field
              label="Group subject"
              name="groupSubject"
              value={p.values.groupSubject}
              errors={e}
              placeholder="e.g. Wholesale buyers"
              autocomplete="off"
            />
            <Field
              label="Participant number"
              name="participantPhone"
              type="tel"
              value={p.values.participantPhone}
              errors={e}
              placeholder="+447700900456"
              inputmode="tel"
              autocomplete="off"
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
