import type { Db } from "../db/open.ts";

/** Files kept on a record. The bytes live in the content-addressed media store; rows point at them. */

export type AttachmentRow = {
  id: number;
  record_id: number;
  sha256: string;
  mime: string;
  size: number;
  file_name: string;
  uploaded_by: number | null;
  created_at: number;
};

export function insertAttachment(
  db: Db,
  recordId: number,
  file: { sha256: string; mime: string; size: number; fileName: string },
  now: number,
  userId: number | null,
): number {
  return db
    .query<{ id: number }, [number, string, string, number, string, number | null, number]>(
      "INSERT INTO record_attachments (record_id, sha256, mime, size, file_name, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .get(recordId, file.sha256, file.mime, file.size, file.fileName.slice(0, 200), userId, now)!.id;
}

export function attachmentsOf(db: Db, recordId: number): AttachmentRow[] {
  return db
    .query<AttachmentRow, [number]>("SELECT * FROM record_attachments WHERE record_id = ? ORDER BY id DESC")
    .all(recordId);
}

export function getAttachment(db: Db, recordId: number, id: number): AttachmentRow | null {
  return db
    .query<AttachmentRow, [number, number]>("SELECT * FROM record_attachments WHERE id = ? AND record_id = ?")
    .get(id, recordId);
}

export function deleteAttachment(db: Db, recordId: number, id: number): void {
  db.query("DELETE FROM record_attachments WHERE id = ? AND record_id = ?").run(id, recordId);
}

/** Images a browser can show inline safely (no SVG: it can carry script). */
export function isPreviewableImage(mime: string): boolean {
  return mime === "image/png" || mime === "image/jpeg" || mime === "image/gif" || mime === "image/webp";
}
