/** A duration as people read it: "45 s", "12 min", "3 h 5 min", "2 d 4 h"; "–" when there is none. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Seconds for the CSV: whole seconds, empty when there is nothing measured. */
export function csvSeconds(ms: number | null): string {
  return ms === null ? "" : String(Math.round(ms / 1000));
}
