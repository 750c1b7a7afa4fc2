import type { Db } from "../db/open.ts";

export type TemplateRow = { id: number; name: string; body: string; created_at: number; updated_at: number };

export function listTemplates(db: Db): TemplateRow[] {
  return db.query<TemplateRow, []>("SELECT * FROM templates ORDER BY name COLLATE NOCASE").all();
}

export function findTemplate(db: Db, id: number): TemplateRow | null {
  return db.query<TemplateRow, [number]>("SELECT * FROM templates WHERE id = ?").get(id);
}

export function findTemplateByName(db: Db, name: string): TemplateRow | null {
  return db.query<TemplateRow, [string]>("SELECT * FROM templates WHERE name = ?").get(name);
}

export function insertTemplate(db: Db, name: string, body: string, now: number): number {
  return Number(
    db
      .query("INSERT INTO templates (name, body, created_at, updated_at) VALUES (?, ?, ?, ?)")
      .run(name, body, now, now).lastInsertRowid,
  );
}

export function updateTemplate(db: Db, id: number, name: string, body: string, now: number): void {
  db.query("UPDATE templates SET name = ?, body = ?, updated_at = ? WHERE id = ?").run(name, body, now, id);
}

export function deleteTemplate(db: Db, id: number): void {
  db.query("DELETE FROM templates WHERE id = ?").run(id);
}
