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
