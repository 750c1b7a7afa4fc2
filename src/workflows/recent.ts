import type { Db } from "../db/open.ts";
import { findChannel } from "../channels/store.ts";
import { recentInboundMessages } from "../messaging/thread-queries.ts";
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
  return recentInboundMessages(db, channelIds, limit).map(({ channel_id, ...m }) => {
    const ch = findChannel(db, channel_id);
    return { ...m, channel: ch ? ch.name || ch.phone_e164 : "" };
  });
}

export type PreviewMessage = RecentInbound & { matches: boolean };
export type PatternPreview = { messages: PreviewMessage[]; matched: number };

/** The recent messages, each marked whether the pattern being typed matches it. */
export function previewPattern(pattern: string, messages: RecentInbound[]): PatternPreview {
  const compiled = compilePattern(pattern);
  const marked = messages.map((m) => ({ ...m, matches: matchesFolded(compiled, foldForMatch(m.text)) }));
  return { messages: marked, matched: marked.filter((m) => m.matches).length };
}
