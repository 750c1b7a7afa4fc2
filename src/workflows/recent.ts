import type { Db } from "../db/open.ts";
import { compilePattern, foldForMatch, matchesFolded } from "./pattern.ts";

export type RecentInbound = {
  id: number;
  text: string;
  type: string;
  sender: string;
  channel: string;
  at: number;
};

/** The newest inbound messages of the given channels, for the pattern preview in the editor. */
export function recentInbound(db: Db, channelIds: number[], limit = 10): RecentInbound[] {
  if (channelIds.length === 0) return [];
  const ids = channelIds.map(Number).filter(Number.isSafeInteger).join(",");
  return db
    .query<RecentInbound, [number]>(
      `SELECT m.id, m.text, m.type, coalesce(nullif(m.sender_name, ''), m.sender_phone, '') AS sender,
         coalesce(nullif(ch.name, ''), ch.phone_e164) AS channel, m.wa_timestamp AS at
       FROM messages m JOIN channels ch ON ch.id = m.channel_id
       WHERE m.direction = 'inbound' AND m.channel_id IN (${ids})
       ORDER BY m.id DESC LIMIT ?`,
    )
    .all(limit);
}

export type PreviewMessage = RecentInbound & { matches: boolean };
export type PatternPreview = { messages: PreviewMessage[]; matched: number };

/** The recent messages, each marked whether the pattern being typed matches it. */
export function previewPattern(pattern: string, messages: RecentInbound[]): PatternPreview {
  const compiled = compilePattern(pattern);
  const marked = messages.map((m) => ({ ...m, matches: matchesFolded(compiled, foldForMatch(m.text)) }));
  return { messages: marked, matched: marked.filter((m) => m.matches).length };
}
