import { z } from "zod";
import { addAttachment, recordTypeLabel } from "../../records/public.ts";
import { defineStep } from "./kind.ts";
import { done, fail, retry } from "./run-context.ts";
import { triggerMediaWhenReady } from "./trigger-media.ts";

const schema = z.object({ kind: z.literal("save_media") });

/** Save media: the triggering message's image or document becomes an attachment of the record. */
export const saveMediaStep = defineStep<typeof schema>({
  kind: "save_media",
  label: "Save media to the record's attachments",
  schema,
  fields: [],
  fresh: () => ({ kind: "save_media" }),
  validate: () => ({ kind: "save_media" }),
  Fields: ({ choices }) => (
    <p class="muted">
      Saves the triggering message's image or document to the {choices.recordLabel.toLowerCase()}'s
      attachments.
    </p>
  ),
  describe: () => "Save the message's media to the record",
  async run(ctx) {
    const m = await triggerMediaWhenReady(ctx);
    if (!m.ok) return m.pending ? retry(m.error, 15_000) : fail(m.error);
    const file = m.file;
    return done(`saved ${file.fileName} to the ${recordTypeLabel(ctx.ref.type).toLowerCase()}`, () => {
      addAttachment(ctx.db, ctx.ref, file, ctx.clock(), null);
    });
  },
});
