import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import { emit } from "./events.ts";
import type { ConversationRow } from "./types.ts";

/**
 * The fixed palette: each name is a class in static/app.css whose text and background were chosen
 * together for contrast (WCAG AA), in light and dark mode. No free colours: the CSP allows no
 * inline styles, and a chosen colour could be unreadable.
 */
export const LABEL_COLORS = [
  "gray",
  "red",
  "orange",
  "yellow",
  "green",
  "teal",
  "blue",
  "purple",
  "pink",
] as const;
export type LabelColor = (typeof LABEL_COLORS)[number];

export type LabelRow = { id: number; name: string; color: LabelColor; created_at: number };

export const MAX_LABEL_NAME = 40;

export function listLabels(db: Db): LabelRow[] {
  return db.query<LabelRow, []>("SELECT * FROM labels ORDER BY name, id").all();
}

export function findLabel(db: Db, id: number): LabelRow | null {
  return db.query<LabelRow, [number]>("SELECT * FROM labels WHERE id = ?").get(id);
}

type LabelResult = { ok: true; label: LabelRow } | { ok: false; error: string };

const taken = (db: Db, name: string, except: number) =>
  db.query("SELECT 1 FROM labels WHERE name = ? AND id <> ?").get(name, except) !== null;

export function createLabel(db: Db, name: string, color: LabelColor, now: number): LabelResult {
  if (taken(db, name, 0)) return { ok: false, error: `A label named "${name}" exists already.` };
  const label = db
    .query<LabelRow, [string, string, number]>(
      "INSERT INTO labels (name, color, created_at) VALUES (?, ?, ?) RETURNING *",
    )
    .get(name, color, now)!;
  return { ok: true, label };
}

/** Renames or recolours a label; conversations and records keep it (they hold its id). */
export function updateLabel(db: Db, id: number, name: string, color: LabelColor): LabelResult {
  if (taken(db, name, id)) return { ok: false, error: `A label named "${name}" exists already.` };
  const label = db
    .query<LabelRow, [string, string, number]>(
      "UPDATE labels SET name = ?, color = ? WHERE id = ? RETURNING *",
    )
    .get(name, color, id);
  return label ? { ok: true, label } : { ok: false, error: "That label no longer exists." };
}

/** Deletes a label: it leaves every conversation and record at once (the foreign keys cascade). */
export function deleteLabel(db: Db, id: number): boolean {
  return db.query("DELETE FROM labels WHERE id = ?").run(id).changes > 0;
}

/** The labels of some conversations (a list page): one query, by name. */
export function labelsOfConversations(db: Db, conversationIds: number[]): Map<number, LabelRow[]> {
  const out = new Map<number, LabelRow[]>();
  if (conversationIds.length === 0) return out;
  const rows = db
    .query<LabelRow & { conversation_id: number }, []>(
      `SELECT cl.conversation_id, l.* FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
       WHERE cl.conversation_id IN (${conversationIds.map(Number).join(",")}) ORDER BY l.name, l.id`,
    )
    .all();
  for (const { conversation_id, ...label } of rows) {
    const list = out.get(conversation_id) ?? [];
    list.push(label);
    out.set(conversation_id, list);
  }
  return out;
}

export function conversationLabels(db: Db, conversationId: number): LabelRow[] {
  return labelsOfConversations(db, [conversationId]).get(conversationId) ?? [];
}

export type LabelChange = { add?: number[]; remove?: number[] };

/**
 * Adds and removes labels on a conversation in one write, and announces the result
 * (`conversation.labels`) only when something changed. Unknown label ids are skipped.
 */
export function changeConversationLabels(
  db: Db,
  conversationId: number,
  change: LabelChange,
  byUserId: number | null,
  now: number,
): { changed: boolean; labels: LabelRow[] } {
  return write(db, (tx) => {
    const added: number[] = [];
    const removed: number[] = [];
    const insert = db.query(
      `INSERT OR IGNORE INTO conversation_labels (conversation_id, label_id, added_at)
       SELECT ?1, id, ?3 FROM labels WHERE id = ?2`,
    );
    const del = db.query("DELETE FROM conversation_labels WHERE conversation_id = ? AND label_id = ?");
    for (const id of new Set(change.add ?? []))
      if (insert.run(conversationId, id, now).changes) added.push(id);
    for (const id of new Set(change.remove ?? [])) if (del.run(conversationId, id).changes) removed.push(id);
    const labels = conversationLabels(db, conversationId);
    const conversation = db
      .query<ConversationRow, [number]>("SELECT * FROM conversations WHERE id = ?")
      .get(conversationId);
    const changed = added.length + removed.length > 0;
    if (changed && conversation)
      emit(tx, { type: "conversation.labels", conversation, labels, added, removed, byUserId });
    return { changed, labels };
  });
}
