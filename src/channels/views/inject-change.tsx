import { Checkbox, type FieldErrors } from "../../ui/components/form.tsx";
import { bindFields, Field } from "../../ui/components/field.tsx";
import type { InjectFormValues } from "../inject.ts";

/**
 * The inject form's options beyond a plain message: how a message arrives (view once, first
 * undecryptable, quoting), and the fields of a reaction, edit or delete (the message it is about,
 * the emoji; an edit's new text is the Text field).
 */
export function InjectChangeFields(p: { values: InjectFormValues; errors: FieldErrors }) {
  const field = bindFields(p.values, p.errors);
  return (
    <details
      class="inject-change"
      open={Boolean(p.values.kind !== "message" || p.errors.target || p.errors.emoji)}
    >
      <summary>Reactions, edits, deletes and how a message arrives (optional)</summary>
      <div class="inject-grid">
        <Field
          label="About the message (WhatsApp id)"
          {...field("target")}
          placeholder="blank: the newest that fits"
          autocomplete="off"
          hint="For a reaction, edit or delete. Blank: the chat's newest message (an edit or delete: the customer's own)."
        />
        <Field
          label="Reaction"
          {...field("emoji")}
          placeholder="one emoji; blank takes it back"
          autocomplete="off"
        />
      </div>
      <div class="checks">
        <Checkbox
          name="viewOnce"
          value="1"
          label="View once (with a photo, video or voice note)"
          checked={!!p.values.viewOnce}
        />
        <Checkbox
          name="undecryptable"
          value="1"
          label="Arrives undecryptable first, then retried (as WhatsApp sometimes does)"
          checked={!!p.values.undecryptable}
        />
        <Checkbox
          name="quoteLatest"
          value="1"
          label="Replies to (quotes) the chat's newest message"
          checked={!!p.values.quoteLatest}
        />
      </div>
    </details>
  );
}
