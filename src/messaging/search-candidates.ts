import type { Db } from "../db/open.ts";
import type { SearchHit } from "./search.ts";

/*
 * Several words, found from the whole words. FTS5 answers a prefix term ("room"*) by gathering the
 * doclist of every word that begins so before it returns a row: 300,000 entries for a common word
 * at 5M messages, whatever the LIMIT. Whole words are read lazily, newest first. So the whole
 * words find candidates in pages, and the full query (the same terms, the same tokenizer) runs
 * over just those rows, copied into a small in-memory FTS table: the hits, their order and their
 * snippets are the ones the whole index would give. When the whole words are common and rarely
 * beside the last one, the candidates run out of budget and the caller asks the whole index.
 */

/** Candidates read per page, growing by doubling; past the budget the whole index is cheaper. */
const FIRST_PAGE = 100;
const CANDIDATE_BUDGET = 700;

const TOKENIZER = "unicode61 remove_diacritics 2"; // the same as messages_fts (0002)

/**
 * The hits of `match` (all `terms`, the last a prefix) read through the whole words, or null when
 * the budget ran out first (the caller then runs the ordinary query). `hitsFrom` is search.ts's
 * hit query, so both ways return the same columns.
 */
export function searchThroughWholeWords(
  db: Db,
  channelIds: number[],
  terms: string[],
  match: string,
  limit: number,
  beforeId: number | null,
  hitsFrom: (fts: string) => string,
): SearchHit[] | null {
  const whole = terms
    .slice(0, -1)
    .map((t) => `"${t}"`)
    .join(" ");
  const channels = channelIds.map(Number).join(",");
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_candidates USING fts5(text, media_filename, tokenize='${TOKENIZER}')`,
  );
  const candidates = db.query<{ id: number; text: string; file: string }, [string, number, number]>(
    `SELECT m.id, coalesce(m.text, '') AS text, coalesce(m.media_filename, '') AS file
     FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
     WHERE messages_fts MATCH ?1 AND messages_fts.rowid < ?2 AND m.channel_id IN (${channels})
     ORDER BY messages_fts.rowid DESC LIMIT ?3`,
  );
  const copy = db.query<unknown, [number, string, string]>(
    "INSERT INTO temp.search_candidates (rowid, text, media_filename) VALUES (?, ?, ?)",
  );
  const hitsAmong = db.query<SearchHit, [string, number]>(
    `${hitsFrom("search_candidates")} WHERE search_candidates MATCH ?1 ORDER BY search_candidates.rowid DESC LIMIT ?2`,
  );
  const hits: SearchHit[] = [];
  let cursor = beforeId ?? Number.MAX_SAFE_INTEGER;
  let read = 0;
  let page = FIRST_PAGE;
  try {
    while (hits.length < limit) {
      if (read >= CANDIDATE_BUDGET) return null;
      const rows = candidates.all(whole, cursor, page);
      db.exec("DELETE FROM temp.search_candidates");
      db.transaction(() => {
        for (const r of rows) copy.run(r.id, r.text, r.file);
      })();
      hits.push(...hitsAmong.all(match, limit - hits.length));
      if (rows.length < page) break; // the whole words have no older message
      read += rows.length;
      cursor = rows[rows.length - 1]!.id;
      page *= 2;
    }
    return hits;
  } finally {
    // Message text stays in memory no longer than the search.
    db.exec("DELETE FROM temp.search_candidates");
  }
}
