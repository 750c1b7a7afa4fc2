import type { Db } from "../db/open.ts";
import { findLabel, listLabels, type LabelChange, type LabelRow } from "../messaging/labels.ts";

/** The labels on a record, by name (the label definitions are the messaging core's). */
export function recordLabels(db: Db, recordId: number): LabelRow[] {
  const ids = new Set(
    db
      .query<{ label_id: number }, [number]>("SELECT label_id FROM record_labels WHERE record_id = ?")
      .all(recordId)
      .map((r) => r.label_id),
  );
  return ids.size ? listLabels(db).filter((l) => ids.has(l.id)) : [];
}

/** Adds and removes labels on a record; unknown labels are skipped. Answers whether anything changed. */
export function changeRecordLabels(db: Db, recordId: number, change: LabelChange, now: number): boolean {
  let changed = 0;
  const insert = db.query(
    "INSERT OR IGNORE INTO record_labels (record_id, label_id, added_at) VALUES (?, ?, ?)",
  );
  const del = db.query("DELETE FROM record_labels WHERE record_id = ? AND label_id = ?");
  db.transaction(() => {
    for (const id of change.add ?? [])
      if (findLabel(db, id)) changed += insert.run(recordId, id, now).changes;
    for (const id of change.remove ?? []) changed += del.run(recordId, id).changes;
  })();
  return changed > 0;
}
