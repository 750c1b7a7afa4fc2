import { WEEKDAY_NAMES, WEEKDAYS } from "../channels/business-hours.ts";
import type { AgentLine, Durations, Numbers, Report } from "./compute.ts";
import { csvSeconds } from "./format.ts";

const HEADER = [
  "scope",
  "name",
  "conversations_opened",
  "conversations_resolved",
  "messages_in",
  "messages_out",
  "first_responses",
  "first_response_median_s",
  "first_response_p90_s",
  "resolution_median_s",
  "resolution_p90_s",
];

/** One CSV cell: quoted when needed, and a leading = + - @ defused so a spreadsheet never runs it. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const times = (first: Durations, resolution: Durations) => [
  first.count,
  csvSeconds(first.median),
  csvSeconds(first.p90),
  csvSeconds(resolution.median),
  csvSeconds(resolution.p90),
];

const numbers = (n: Numbers) => [
  n.opened,
  n.resolved,
  n.messagesIn,
  n.messagesOut,
  ...times(n.firstResponse, n.resolution),
];

/** An agent opens nothing and receives nothing: their replies are their messages out. */
const agent = (a: AgentLine) => ["", a.resolved, "", a.repliesSent, ...times(a.firstResponse, a.resolution)];

/**
 * The page's numbers as CSV: the total, each channel, each agent (their replies as messages out),
 * then the inbound messages per weekday and hour (scope "hour").
 */
export function reportCsv(r: Report): string {
  const rows: (string | number)[][] = [
    HEADER,
    ["total", `${r.range.fromDate} to ${r.range.toDate} (${r.range.timeZone})`, ...numbers(r.total)],
    ...r.channels.map((c) => ["channel", c.name, ...numbers(c)]),
    ...r.agents.map((a) => ["agent", a.name, ...agent(a)]),
    ...WEEKDAYS.flatMap((d, i) =>
      r.hours[i]!.map((n, h) => ["hour", `${WEEKDAY_NAMES[d]} ${String(h).padStart(2, "0")}:00`, "", "", n]),
    ),
  ];
  return `${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
