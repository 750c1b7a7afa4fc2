import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { findUser } from "../auth/users-store.ts";
import { insertNotification } from "../notifications/store.ts";
import { addNote, MAX_NOTE, type Mention, type NoteRow } from "../messaging/notes.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { assignablePeople, type Named } from "../assignment/people.ts";

const MAX_MENTIONS = 20;
const wordChar = /[\p{L}\p{N}_]/u;

/**
 * The "@Name" mentions in a note's text, of these people only (those who may use the channel).
 * Longer names win ("@Ann Lee" over "@Ann"); between two people of the same name, the one the
 * autocomplete picked (`chosen`) wins. Linear in the text times the people, and at most 20 mentions.
 */
export function findMentions(text: string, people: Named[], chosen: number[]): Mention[] {
  const picked = new Set(chosen);
  const candidates = people
    .filter((p) => p.name.trim() !== "")
    .sort(
      (a, b) =>
        b.name.length - a.name.length || Number(picked.has(b.id)) - Number(picked.has(a.id)) || a.id - b.id,
    );
  const lower = text.toLowerCase();
  const out: Mention[] = [];
  for (let i = lower.indexOf("@"); i >= 0 && out.length < MAX_MENTIONS; i = lower.indexOf("@", i + 1)) {
    const hit = candidates.find((p) => {
      const name = p.name.toLowerCase();
      return lower.startsWith(name, i + 1) && !wordChar.test(text[i + 1 + name.length] ?? "");
    });
    if (!hit) continue;
    out.push({ user_id: hit.id, start: i, length: hit.name.length + 1 });
    i += hit.name.length;
  }
  return out;
}

/** People who may use the channel whose name starts a word with `q` (the autocomplete), at most 8. */
export function mentionMatches(db: Db, channel: { access: string }, q: string): Named[] {
  const needle = q.trim().toLowerCase().slice(0, 50);
  return assignablePeople(db, channel)
    .filter(
      (u) =>
        !needle ||
        u.name
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(needle)),
    )
    .slice(0, 8);
}

/** A note's text in pieces, each mention showing the person's name as it is now. */
export type NotePiece = { text: string } | { mention: string; userId: number };

export function notePieces(note: NoteRow, nameOf: (id: number) => string): NotePiece[] {
  const out: NotePiece[] = [];
  let at = 0;
  for (const m of note.mentions) {
    if (m.start < at) continue;
    if (m.start > at) out.push({ text: note.text.slice(at, m.start) });
    out.push({ mention: `@${nameOf(m.user_id)}`, userId: m.user_id });
    at = m.start + m.length;
  }
  if (at < note.text.length) out.push({ text: note.text.slice(at) });
  return out;
}

/** Names of people by id, read once each (a timeline names the same people many times). */
export function nameCache(db: Db): (id: number | null) => string {
  const names = new Map<number, string>();
  return (id) => {
    if (id === null) return "Someone";
    if (!names.has(id)) names.set(id, findUser(db, id)?.name || "Someone");
    return names.get(id)!;
  };
}

/**
 * Writes a note as this person, and tells each colleague it mentions (a bell notification linking
 * to the note), all in one write. Only people who may use the channel can be mentioned at all.
 */
export function writeNote(
  db: Db,
  input: { conversation: ConversationRow; channel: { access: string }; author: CurrentUser },
  text: string,
  chosen: number[],
  now: number,
): { ok: true; note: NoteRow } | { ok: false; error: string } {
  const body = text.replace(/\r\n/g, "\n").trim();
  if (!body) return { ok: false, error: "Write the note first." };
  if (body.length > MAX_NOTE) return { ok: false, error: `A note holds at most ${MAX_NOTE} characters.` };
  const mentions = findMentions(body, assignablePeople(db, input.channel), chosen);
  return write(db, () => {
    const note = addNote(
      db,
      input.conversation,
      { authorUserId: input.author.id, text: body, mentions },
      now,
    );
    const nameOf = nameCache(db);
    const preview = notePieces(note, nameOf)
      .map((p) => ("text" in p ? p.text : p.mention))
      .join("");
    for (const userId of new Set(mentions.map((m) => m.user_id))) {
      if (userId === input.author.id) continue;
      insertNotification(
        db,
        {
          userId,
          title: `${input.author.name} mentioned you in a note`,
          body: preview.slice(0, 300),
          href: `/inbox/c/${input.conversation.id}?note=${note.id}#note-${note.id}`,
          kind: "mentions",
        },
        now,
      );
    }
    return { ok: true as const, note };
  });
}
