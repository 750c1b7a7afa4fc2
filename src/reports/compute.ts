import type { Db } from "../db/open.ts";
import { WEEKDAYS } from "../channels/business-hours.ts";
import { localHourPlacer, zoneOffsetMs } from "./local-hour.ts";
import {
  countMessages,
  inboundPerBucket,
  openingsInRange,
  resolutionsInRange,
} from "../messaging/report-queries.ts";
import type { ReportRange } from "./range.ts";

/** Median and 90th percentile of durations (ms); null when there is nothing to measure. */
export type Durations = { count: number; median: number | null; p90: number | null };

export type Numbers = {
  opened: number;
  resolved: number;
  messagesIn: number;
  messagesOut: number;
  firstResponse: Durations;
  resolution: Durations;
};
export type ChannelLine = Numbers & { channelId: number; name: string };
export type AgentLine = {
  userId: number;
  name: string;
  repliesSent: number;
  firstResponse: Durations;
  resolved: number;
  resolution: Durations;
};
export type Report = {
  range: ReportRange;
  total: Numbers;
  channels: ChannelLine[];
  agents: AgentLine[];
  /** Inbound messages per local weekday (Monday first) and hour. */
  hours: number[][];
};

/**
 * Median (the middle value, or the mean of the two middle ones) and p90 (nearest rank: the value at
 * position ⌈0.9·n⌉ of the sorted list), as the README defines them.
 */
export function durations(values: number[]): Durations {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { count: 0, median: null, p90: null };
  const median = n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { count: n, median, p90: s[Math.ceil(0.9 * n) - 1]! };
}

/**
 * The busiest-hours buckets: whole UTC hours when the zone is a whole number of hours from UTC over
 * the range (each bucket is then one local hour), else quarter hours (India, Nepal, …). Buckets of all
 * channels together are placed on the zone's clock (`localHourPlacer`).
 */
function hourBucketMs(range: ReportRange): number {
  const whole = (at: number) => zoneOffsetMs(at, range.timeZone) % 3_600_000 === 0;
  return whole(range.from) && whole(range.to - 1) ? 3_600_000 : 900_000;
}

type Reply = { channelId: number; userId: number; ms: number };

/** Every number of the Reports page for these channels and range, from stored messages and status history. */
export function buildReport(
  db: Db,
  channels: { id: number; name: string }[],
  userNames: Map<number, string>,
  range: ReportRange,
): Report {
  const { from, to } = range;
  const ids = channels.map((c) => c.id);
  const openings = openingsInRange(db, ids, from, to);
  const replies: Reply[] = openings
    .filter((o) => o.reply_at !== null && o.first_in !== null)
    .map((o) => ({ channelId: o.channel_id, userId: o.reply_by!, ms: o.reply_at! - o.first_in! }));
  const resolutions = resolutionsInRange(db, ids, from, to).map((r) => ({ ...r, ms: r.at - r.start }));

  const bucket = hourBucketMs(range);
  const buckets = new Map<number, number>();
  const sent = new Map<number, number>();
  const lines: ChannelLine[] = channels.map((ch) => {
    let messagesIn = 0;
    let messagesOut = 0;
    for (const m of countMessages(db, ch.id, from, to)) {
      if (m.direction === "inbound") messagesIn += m.n;
      else messagesOut += m.n;
      if (m.direction === "outbound" && m.sent_by_user_id !== null)
        sent.set(m.sent_by_user_id, (sent.get(m.sent_by_user_id) ?? 0) + m.n);
    }
    for (const { q, n } of inboundPerBucket(db, ch.id, from, to, bucket))
      buckets.set(q, (buckets.get(q) ?? 0) + n);
    const mine = <T extends { channelId?: number; channel_id?: number }>(list: T[]) =>
      list.filter((x) => (x.channelId ?? x.channel_id) === ch.id);
    return {
      channelId: ch.id,
      name: ch.name,
      opened: mine(openings).length,
      resolved: mine(resolutions).length,
      messagesIn,
      messagesOut,
      firstResponse: durations(mine(replies).map((r) => r.ms)),
      resolution: durations(mine(resolutions).map((r) => r.ms)),
    };
  });

  const hours = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0));
  const place = localHourPlacer(range.timeZone);
  for (const [q, n] of buckets) {
    const local = place(q * bucket);
    hours[local.weekday]![local.hour]! += n;
  }

  const agentIds = new Set([...sent.keys(), ...replies.map((r) => r.userId)]);
  for (const r of resolutions) if (r.by_user_id !== null) agentIds.add(r.by_user_id);
  const agents = [...agentIds]
    .map((userId) => {
      const resolvedBy = resolutions.filter((r) => r.by_user_id === userId);
      return {
        userId,
        name: userNames.get(userId) ?? `User ${userId}`,
        repliesSent: sent.get(userId) ?? 0,
        firstResponse: durations(replies.filter((r) => r.userId === userId).map((r) => r.ms)),
        resolved: resolvedBy.length,
        resolution: durations(resolvedBy.map((r) => r.ms)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const total: Numbers = {
    opened: openings.length,
    resolved: resolutions.length,
    messagesIn: lines.reduce((s, l) => s + l.messagesIn, 0),
    messagesOut: lines.reduce((s, l) => s + l.messagesOut, 0),
    firstResponse: durations(replies.map((r) => r.ms)),
    resolution: durations(resolutions.map((r) => r.ms)),
  };
  return { range, total, channels: lines, agents, hours };
}
