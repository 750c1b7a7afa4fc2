/** Something shown between the messages of a conversation at its time: a status line, a note. */
export type TimelineItem = { at: number; node: unknown };

/**
 * Messages and other timeline items in one list, by time. Items older than the first message shown
 * belong to older pages and are left out when there are older messages to load.
 */
export function interleave<M extends { wa_timestamp: number }>(
  messages: M[],
  items: TimelineItem[],
  hasOlder: boolean,
  render: (m: M) => unknown,
): unknown[] {
  const from = hasOlder && messages[0] ? messages[0].wa_timestamp : Number.NEGATIVE_INFINITY;
  const pending = items.filter((l) => l.at >= from).sort((a, b) => a.at - b.at);
  const out: unknown[] = [];
  for (const m of messages) {
    while (pending[0] && pending[0].at < m.wa_timestamp) out.push(pending.shift()!.node);
    out.push(render(m));
  }
  for (const l of pending) out.push(l.node);
  return out;
}
