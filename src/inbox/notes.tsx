import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm } from "../web/forms.ts";
import type { Db } from "../db/open.ts";
import { currentUser } from "../auth/middleware.ts";
import { conversationNotes, findNote, messageBeforeNote, type NoteRow } from "../messaging/notes.ts";
import { mentionMatches, nameCache, notePieces, writeNote } from "./note-mentions.ts";
import { conversationPage, loadConversation } from "./routes.tsx";
import { NoteForm, NoteItem, type NoteView } from "./views/note.tsx";

/** Notes as the timeline shows them: the author's and each mentioned person's current names. */
export function noteViews(db: Db, notes: NoteRow[]): NoteView[] {
  const nameOf = nameCache(db);
  return notes.map((n) => ({
    id: n.id,
    at: n.created_at,
    author: nameOf(n.author_user_id),
    pieces: notePieces(n, nameOf),
  }));
}

/** The note a link names (`?note=<id>`), when it belongs to this conversation. */
export function linkedNote(db: Db, conversationId: number, noteId: number | null): NoteRow | null {
  const note = noteId ? findNote(db, noteId) : null;
  return note && note.conversation_id === conversationId ? note : null;
}

/** The timeline's notes: the newest ones, and the linked one however old it is. */
export function timelineNotes(db: Db, conversationId: number, linked: NoteRow | null = null) {
  const notes = conversationNotes(db, conversationId);
  if (linked && !notes.some((n) => n.id === linked.id)) notes.unshift(linked);
  return noteViews(db, notes);
}

/** Where a link to a note opens the conversation: at the message before it (as a search hit does). */
export function noteAnchorMessage(db: Db, linked: NoteRow | null): number | null {
  return linked ? messageBeforeNote(db, linked) : null;
}

export function notesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/inbox/c/:id/notes", async (c) => {
    const { db, clock } = c.get("deps");
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const body = await readForm(c);
    const text = one(body, "text");
    const chosen = many(body, "mention")
      .map((v) => idParam(v))
      .filter((id): id is number => id !== null)
      .slice(0, 20);
    const result = writeNote(
      db,
      { conversation: found.row, channel: found.channel, author: currentUser(c) },
      text,
      chosen,
      clock(),
    );
    const htmx = c.req.header("hx-request") === "true";
    if (!result.ok) {
      if (!htmx) return conversationPage(c, found, null, null, { text, error: result.error });
      return c.html(<NoteForm conversationId={found.row.id} text={text} error={result.error} />, 422);
    }
    if (!htmx) return c.redirect(`/inbox/c/${found.row.id}?compose=note#note-${result.note.id}`, 303);
    const [view] = noteViews(db, [result.note]);
    return c.html(
      <>
        <NoteForm conversationId={found.row.id} />
        <hx-partial hx-target={`#msgs-${found.row.id}`} hx-swap="upsert">
          <NoteItem note={view!} />
        </hx-partial>
      </>,
    );
  });

  // The @mention autocomplete: people who may use this conversation's channel, by name.
  app.get("/inbox/c/:id/mention-people", (c) => {
    const found = loadConversation(c);
    if (!found) return c.notFound();
    const people = mentionMatches(c.get("deps").db, found.channel, c.req.query("q") ?? "");
    return c.json(people.map((u) => ({ id: u.id, name: u.name })));
  });

  return app;
}
