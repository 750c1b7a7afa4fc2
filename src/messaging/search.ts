import type { Db } from "../db/open.ts";
import { searchThroughWholeWords } from "./search-candidates.ts";
import { LIST_COLUMNS, LIST_JOINS, type ConversationListItem } from "./store.ts";

/*
 * Search in the inbox: messages by full-text (FTS5), conversations by name (trigram index) and by
 * number (phone prefixes). Every query is bounded, and no FTS syntax typed by a person reaches SQLite.
 */

export type SearchHit = {
  message_id: number;
  conversation_id: number;
  title: string;
  kind: string;
  peer_phone: string | null;
  snippet: string;
  wa_timestamp: number;
  channel_name: string;
};

/**
 * Full-text search over message text and file names (FTS5), newest first, limited to the user's
 * channels. Keyset paging on the FTS rowid (the message id): SQLite walks the index backwards from
 * the cursor and stops after `limit` rows, so a page costs the same at any depth and any size.
 * The query is turned into quoted terms (the last one a prefix), so no FTS syntax from the user reaches SQLite.
 * With several words the whole words find the candidates first (search-candidates.ts).
 */
export function searchMessages(
  db: Db,
  channelIds: number[],
  query: string,
  limit: number,
  beforeId: number | null = null,
): SearchHit[] {
  const terms = ftsTerms(query);
  if (!terms || channelIds.length === 0) return [];
  const match = matchOf(terms);
  if (terms.length > 1) {
    const hits = searchThroughWholeWords(db, channelIds, terms, match, limit, beforeId, hitsFrom);
    if (hits) return hits;
  }
  return db
    .query<SearchHit, [string, number, number]>(
      `${hitsFrom("messages_fts")}
       WHERE messages_fts MATCH ?1 AND messages_fts.rowid < ?2 AND m.channel_id IN (${channelIds.map(Number).join(",")})
       ORDER BY messages_fts.rowid DESC LIMIT ?3`,
    )
    .all(match, beforeId ?? Number.MAX_SAFE_INTEGER, limit);
}

/** A hit of the FTS table `fts` (whose rowid is the message id), with its conversation and channel. */
function hitsFrom(fts: string): string {
  return `SELECT m.id AS message_id, m.conversation_id, c.title, c.kind, c.peer_phone, ch.name AS channel_name,
         snippet(${fts}, -1, '[[', ']]', '…', 12) AS snippet, m.wa_timestamp
       FROM ${fts} JOIN messages m ON m.id = ${fts}.rowid
       JOIN conversations c ON c.id = m.conversation_id JOIN channels ch ON ch.id = m.channel_id`;
}

/**
 * The E.164 beginnings a typed number may stand for: as typed ("+44 7700…", "0044 7700…",
 * "447700…") and, for a national number ("07700 9…"), with each channel's country prefix.
 */
export function phonePrefixes(db: Db, channelIds: number[], query: string): string[] {
  if (!/^[\d\s()+.-]+$/.test(query)) return [];
  const digits = query.replace(/\D/g, "");
  if (digits.length < 3) return [];
  if (/^\s*(\+|00)/.test(query)) return [`+${digits.replace(/^00/, "")}`];
  const national = digits.replace(/^0/, "");
  const prefixes = db
    .query<{ p: string }, []>(
      `SELECT DISTINCT country_prefix AS p FROM channels WHERE id IN (${channelIds.map(Number).join(",")}) AND country_prefix <> ''`,
    )
    .all()
    .map((r) => `${r.p}${national}`);
  return [...new Set([`+${digits}`, ...prefixes])].slice(0, 8);
}

/**
 * Conversations whose name or number matches: "ann" finds Ann (anywhere in the WhatsApp name, or
 * a linked customer among `recordIds`), "07700 900" finds +447700900… on a +44 channel.
 * A number is looked up by its beginning in the phone index (`+channel_id` keeps SQLite from
 * walking a channel's conversations instead). A name of three characters or more is looked up in
 * the trigram index of names (0017), newest conversations first and at most NAME_CANDIDATES of
 * them, so a name that half the inbox shares costs the same as a rare one; a shorter one only
 * among the NAME_CANDIDATES most recently active conversations. Nothing reads every conversation.
 */
export function searchConversations(
  db: Db,
  channelIds: number[],
  query: string,
  userId: number,
  limit: number,
  recordIds: number[] = [],
): ConversationListItem[] {
  const q = query.trim();
  if (!q || channelIds.length === 0) return [];
  const inChannels = `+channel_id IN (${channelIds.map(Number).join(",")}) AND last_message_id IS NOT NULL`;
  const prefixes = phonePrefixes(db, channelIds, q);
  const params: Record<string, string | number> = { user: userId, limit };
  let hits: string;
  if (prefixes.length > 0) {
    prefixes.forEach((p, i) => {
      params[`p${i}`] = p;
    });
    hits = `SELECT id FROM conversations WHERE ${inChannels} AND (${prefixes.map((_, i) => `(peer_phone >= $p${i} AND peer_phone < $p${i} || '~')`).join(" OR ")})`;
  } else {
    // Conversations linked to customers whose name matches (found by the records feature) count too.
    const linked =
      recordIds.length > 0
        ? ` OR id IN (SELECT conversation_id FROM conversation_links WHERE record_id IN (${recordIds.map(Number).join(",")}))`
        : "";
    params.candidates = NAME_CANDIDATES;
    if ([...q].length >= 3) {
      // A quoted phrase is a plain substring to the trigram tokenizer: no FTS syntax gets through.
      params.name = `"${q.replaceAll('"', '""')}"`;
      hits = `SELECT id FROM conversations WHERE ${inChannels} AND (id IN (
          SELECT rowid FROM conversations_names WHERE conversations_names MATCH $name ORDER BY rowid DESC LIMIT $candidates)${linked})`;
    } else {
      params.like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      hits = `SELECT id FROM (SELECT id, title, last_message_at FROM conversations WHERE ${inChannels}
          ORDER BY last_message_at DESC, id DESC LIMIT $candidates) WHERE title LIKE $like ESCAPE '\\'${linked}`;
    }
  }
  return db
    .query<ConversationListItem, Record<string, string | number>>(
      `SELECT ${LIST_COLUMNS} FROM (${hits} ORDER BY last_message_at DESC, id DESC LIMIT $limit) hit
       JOIN conversations c ON c.id = hit.id ${LIST_JOINS}
       ORDER BY c.last_message_at DESC, c.id DESC`,
    )
    .all(params);
}

/** How many name matches are considered (then shown most recently active first). */
const NAME_CANDIDATES = 2000;

export function ftsQuery(input: string): string | null {
  const terms = ftsTerms(input);
  return terms ? matchOf(terms) : null;
}

/** The words of a search, as FTS5's unicode61 tokenizer splits them; at most 8. */
function ftsTerms(input: string): string[] | null {
  const terms = input
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 8);
  return terms.length > 0 ? terms : null;
}

function matchOf(terms: string[]): string {
  // Only the last word may still be being typed. A prefix term makes FTS5 gather every word that
  // begins so (tens of thousands of hits for a common one, per term); whole words are read lazily
  // from their own lists, so "hotel room" stays fast at millions of messages.
  return terms.map((t, i) => (i === terms.length - 1 ? `"${t}"*` : `"${t}"`)).join(" ");
}
