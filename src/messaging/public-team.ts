import { z } from "@hono/zod-openapi";
import type { LabelRow } from "./labels.ts";
import { LABEL_COLORS } from "./labels.ts";
import type { NoteRow } from "./notes.ts";

/** The public JSON of private notes and labels: API answers and webhook payloads share these. */

export const LabelSchema = z
  .object({
    id: z.number().int().openapi({ example: 3 }),
    name: z.string().openapi({ example: "VIP" }),
    color: z.enum(LABEL_COLORS).openapi({ description: "One of the fixed palette's colours." }),
  })
  .openapi("Label");
export type LabelJson = z.infer<typeof LabelSchema>;

export const NoteSchema = z
  .object({
    id: z.number().int(),
    conversation_id: z.number().int(),
    author_user_id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Who wrote it (an API key's creator); null once that user is deleted." }),
    text: z.string().openapi({ example: "@Ann Lee can you call her back?" }),
    mentions: z
      .array(
        z.object({
          user_id: z.number().int(),
          start: z
            .number()
            .int()
            .openapi({ description: "Where the `@Name` starts in `text` (UTF-16 units)." }),
          length: z.number().int(),
        }),
      )
      .openapi({
        description: "The colleagues mentioned, by id, and where their `@Name` stands in the text.",
      }),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Note");
export type NoteJson = z.infer<typeof NoteSchema>;

export const labelJson = (l: LabelRow): LabelJson => ({ id: l.id, name: l.name, color: l.color });

export const noteJson = (n: NoteRow): NoteJson => ({
  id: n.id,
  conversation_id: n.conversation_id,
  author_user_id: n.author_user_id,
  text: n.text,
  mentions: n.mentions.map((m) => ({ user_id: m.user_id, start: m.start, length: m.length })),
  created_at: new Date(n.created_at).toISOString(),
});
