/** A time shown in the reader's own time zone by static/app.js; the server prints UTC as a fallback. */
export function Time(props: { at: number | null | undefined; empty?: string }) {
  if (!props.at) return <span class="muted">{props.empty ?? "never"}</span>;
  const iso = new Date(props.at).toISOString();
  return (
    <time datetime={iso} title={iso}>
      {iso.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}

/**
 * The time of day on a message bubble (the day is on its separator); the full date is in its tooltip.
 * static/app.js shows both in the reader's time zone.
 */
export function BubbleTime(props: { at: number }) {
  const iso = new Date(props.at).toISOString();
  return (
    <time datetime={iso} title={`${iso.slice(0, 16).replace("T", " ")} UTC`} data-clock="1">
      {iso.slice(11, 16)}
    </time>
  );
}
