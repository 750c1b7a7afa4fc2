import { WEEKDAY_NAMES, WEEKDAYS } from "../../channels/business-hours.ts";
import type { ChannelLine } from "../compute.ts";

/**
 * Busiest hours: inbound messages per local weekday and hour as a heat map, drawn on the server. The
 * SVG carries a title and a description for screen readers, and every cell a title with its count.
 */
export function HoursHeatmap(p: { hours: number[][]; timeZone: string }) {
  const max = Math.max(1, ...p.hours.flat());
  const cell = 22;
  const left = 90;
  const top = 22;
  const busiest = p.hours.flatMap((row, d) => row.map((n, h) => ({ n, d, h }))).sort((a, b) => b.n - a.n)[0];
  const summary =
    busiest && busiest.n > 0
      ? `The busiest hour is ${WEEKDAY_NAMES[WEEKDAYS[busiest.d]!]} ${String(busiest.h).padStart(2, "0")}:00 with ${busiest.n} inbound messages.`
      : "No inbound messages in this range.";
  return (
    <svg
      class="chart heatmap"
      viewBox={`0 0 ${left + 24 * cell} ${top + 7 * cell}`}
      role="img"
      aria-labelledby="heat-title heat-desc"
    >
      <title id="heat-title">{`Inbound messages per weekday and hour (${p.timeZone})`}</title>
      <desc id="heat-desc">{summary}</desc>
      {Array.from({ length: 24 }, (_, h) =>
        h % 3 === 0 ? (
          <text x={left + h * cell + cell / 2} y={top - 6} text-anchor="middle" class="axis">
            {String(h).padStart(2, "0")}
          </text>
        ) : null,
      )}
      {WEEKDAYS.map((d, i) => (
        <g>
          <text x={left - 8} y={top + i * cell + cell * 0.7} text-anchor="end" class="axis">
            {WEEKDAY_NAMES[d]}
          </text>
          {p.hours[i]!.map((n, h) => (
            <rect
              x={left + h * cell + 1}
              y={top + i * cell + 1}
              width={cell - 2}
              height={cell - 2}
              class={`heat heat-${n === 0 ? 0 : Math.min(4, Math.ceil((n / max) * 4))}`}
            >
              <title>{`${WEEKDAY_NAMES[d]} ${String(h).padStart(2, "0")}:00: ${n} inbound`}</title>
            </rect>
          ))}
        </g>
      ))}
    </svg>
  );
}

/** Messages in and out per channel as paired horizontal bars, with the numbers written beside them. */
export function MessagesBars(p: { channels: ChannelLine[] }) {
  const max = Math.max(1, ...p.channels.flatMap((c) => [c.messagesIn, c.messagesOut]));
  const row = 36;
  const left = 150;
  const width = 320;
  const bar = (n: number) => Math.max(n > 0 ? 2 : 0, Math.round((n / max) * width));
  return (
    <svg
      class="chart bars"
      viewBox={`0 0 ${left + width + 70} ${Math.max(1, p.channels.length) * row + 8}`}
      role="img"
      aria-labelledby="bars-title bars-desc"
    >
      <title id="bars-title">Messages in and out per channel</title>
      <desc id="bars-desc">
        {p.channels.map((c) => `${c.name}: ${c.messagesIn} in, ${c.messagesOut} out.`).join(" ") ||
          "No channels."}
      </desc>
      {p.channels.map((c, i) => (
        <g>
          <text x={left - 8} y={i * row + 20} text-anchor="end" class="axis">
            {c.name.length > 22 ? `${c.name.slice(0, 21)}…` : c.name}
          </text>
          <rect x={left} y={i * row + 4} width={bar(c.messagesIn)} height={13} class="bar-in" />
          <text x={left + bar(c.messagesIn) + 6} y={i * row + 15} class="value">{`${c.messagesIn} in`}</text>
          <rect x={left} y={i * row + 19} width={bar(c.messagesOut)} height={13} class="bar-out" />
          <text
            x={left + bar(c.messagesOut) + 6}
            y={i * row + 30}
            class="value"
          >{`${c.messagesOut} out`}</text>
        </g>
      ))}
    </svg>
  );
}
