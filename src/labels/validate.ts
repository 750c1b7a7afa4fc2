import { z } from "@hono/zod-openapi";
import { LABEL_COLORS, MAX_LABEL_NAME } from "../messaging/labels.ts";

/** A label as the settings form and the API give it: a trimmed name, a colour of the palette. */
export const labelInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the label a name.")
    .max(MAX_LABEL_NAME, `A label name holds at most ${MAX_LABEL_NAME} characters.`)
    .refine((s) => !/\p{Cc}/u.test(s), "A label name cannot hold control characters."),
  color: z.enum(LABEL_COLORS, { message: "Choose one of the colours offered." }),
});
export type LabelInput = z.infer<typeof labelInput>;
