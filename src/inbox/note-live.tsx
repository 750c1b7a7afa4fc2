import type { Db } from "../db/open.ts";
import type { LiveEvent } from "../messaging/live-hub.ts";
import { findNote } from "../messaging/notes.ts";
import { noteViews } from "./notes.tsx";
import { NoteItem } from "./views/note.tsx";

/** New notes of the open conversation, for its timeline in every tab (upserted: never twice). */
export async function notePartials(db: Db, conversationId: number, batch: LiveEvent[]): Promise<string[]> {
  const out: string[] = [];
  for (const event of batch) {
    if (event.type !== "note" || event.conversationId !== conversationId) continue;
    const note = findNote(db, event.noteId);
    if (!note) continue;
    const html = await (<NoteItem note={noteViews(db, [note])[0]!} />).toString();
    out.push(`<hx-partial hx-target="#msgs-${conversationId}" hx-swap="upsert">${html}</hx-partial>`);
  }
  return out;
}
