import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { emit } from "./events.ts";
import type { ConversationRow } from "./types.ts";

/** Where "@Name" stands in a note's text, and whom it names (by id: names change). */
export type Mention = { user_id: number; start: number; length: number };

export type NoteRow = {
  id: number;
  conversation_id: number;
  author_user_id: number | null;
  text: string;
  created_at: number;
  mentions: Mention[];
};

export const MAX_NOTE = 10_000;

/**
 * Stores a private note and announces it (`conversation.note`: live tabs, webhooks, mention
 * notifications in the same write). A note is not a message: it never reaches WhatsApp, the message
 * webhooks or the reply times, which all read `messages`.
 */
export function addNote(
  db: Db,
  conversation: ConversationRow,
  note: { authorUserId: number | null; text: string; mentions: Mention[] },
  now: number,
): NoteRow {
  return write(db, (tx) => {
    const row = db
      .query<Omit<NoteRow, "mentions">, [number, number | null, string, number]>(
        `INSERT INTO conversation_notes (conversation_id, author_user_id, text, created_at)
         VALUES (?, ?, ?, ?) RETURNING *`,
      )
      .get(conversation.id, note.authorUserId, note.text, now)!;
    const insert = db.query(
      "INSERT INTO note_mentions (note_id, user_id, start, length) VALUES (?, ?, ?, ?)",
    );
    for (const m of note.mentions) insert.run(row.id, m.user_id, m.start, m.length);
    const stored = { ...row, mentions: note.mentions };
    emit(tx, { type: "conversation.note", conversation, note: stored });
    return stored;
  });
}

function withMentions(db: Db, rows: Omit<NoteRow, "mentions">[]): NoteRow[] {
  if (rows.length === 0) return [];
  const byNote = new Map<number, Mention[]>();
  const all = db
    .query<Mention & { note_id: number }, []>(
      `SELECT note_id, user_id, start, length FROM note_mentions
       WHERE note_id IN (${rows.map((r) => Number(r.id)).join(",")}) ORDER BY note_id, start`,
    )
    .all();
  for (const m of all) {
    const list = byNote.get(m.note_id) ?? [];
    list.push({ user_id: m.user_id, start: m.start, length: m.length });
    byNote.set(m.note_id, list);
  }
  return rows.map((r) => ({ ...r, mentions: byNote.get(r.id) ?? [] }));
}

/** A conversation's newest notes, oldest first (the timeline shows them among the messages). */
export function conversationNotes(db: Db, conversationId: number, limit = 200): NoteRow[] {
  const rows = db
    .query<Omit<NoteRow, "mentions">, [number, number]>(
      `SELECT * FROM (SELECT * FROM conversation_notes WHERE conversation_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)
       ORDER BY created_at, id`,
    )
    .all(conversationId, limit);
  return withMentions(db, rows);
}

/** Notes before a cursor (the API's pages), newest first. */
export function notesPage(db: Db, conversationId: number, beforeId: number | null, limit: number): NoteRow[] {
  const rows = db
    .query<Omit<NoteRow, "mentions">, [number, number, number]>(
      `SELECT * FROM conversation_notes WHERE conversation_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3`,
    )
    .all(conversationId, beforeId ?? Number.MAX_SAFE_INTEGER, limit);
  return withMentions(db, rows);
}

/**
 * The newest message of the conversation at or before a note: where a link to the note opens the
 * conversation, so an old note shows in its place however many messages came after it.
 */
export function messageBeforeNote(db: Db, note: NoteRow): number | null {
  return (
    db
      .query<{ id: number }, [number, number]>(
        `SELECT id FROM messages WHERE conversation_id = ? AND wa_timestamp <= ?
         ORDER BY wa_timestamp DESC, id DESC LIMIT 1`,
      )
      .get(note.conversation_id, note.created_at)?.id ?? null
  );
}

export function findNote(db: Db, id: number): NoteRow | null {
  const row = db
    .query<Omit<NoteRow, "mentions">, [number]>("SELECT * FROM conversation_notes WHERE id = ?")
    .get(id);
  return row ? withMentions(db, [row])[0]! : null;
}
