import { RECORD_TYPES, recordTypePlural, typeSlug, type RecordType } from "../fields.ts";

/** The five record types as tabs above every records page. */
export function RecordTabs(p: { active: RecordType | null }) {
  return (
    <nav class="tabs" aria-label="Record types">
      {RECORD_TYPES.map((t) => (
        <a href={`/records/${typeSlug(t)}`} aria-current={p.active === t ? "page" : undefined}>
          {recordTypePlural(t)}
        </a>
      ))}
    </nav>
  );
}
