import type { Db } from "../../src/db/open.ts";

/**
 * Runs `fn` and returns, with its result, SQLite's plan for every statement it prepared through
 * `db.query` (one line per plan step). A database without statistics plans the same way at any
 * size, so a small fixture shows whether a query would read an index or the whole table.
 */
export function plansOf<T>(db: Db, fn: () => T): { result: T; plans: string[] } {
  const plans: string[] = [];
  const original = db.query.bind(db);
  (db as { query: typeof db.query }).query = ((sql: string) => {
    // A statement of its own, finalized at once: a cached one left open would block the COMMIT of
    // a transaction the function runs.
    const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
    plans.push(...explain.all().map((r) => (r as { detail: string }).detail));
    explain.finalize();
    return original(sql);
  }) as typeof db.query;
  try {
    return { result: fn(), plans };
  } finally {
    (db as { query: typeof db.query }).query = original;
  }
}

/**
 * The plan steps that read a whole table (`SCAN t`, not `SCAN t USING … INDEX` nor a virtual
 * table's own index); reading a subquery's rows back (`SCAN hit` of `CO-ROUTINE hit`) is no table.
 */
export function tableScans(plans: string[]): string[] {
  const subqueries = new Set(
    plans.map((p) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(p.trim())?.[1]).filter((n) => n !== undefined),
  );
  return plans.filter((p) => {
    const m = /^SCAN (\S+)(.*)$/.exec(p.trim());
    if (!m || subqueries.has(m[1]!) || m[1]!.startsWith("(subquery-")) return false;
    return !/USING (COVERING )?INDEX|VIRTUAL TABLE/.test(m[2]!);
  });
}
