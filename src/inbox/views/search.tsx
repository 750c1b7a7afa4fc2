import type { SearchHit } from "../../messaging/search.ts";
import { Time } from "../../ui/components/time.tsx";

/** Highlights the [[…]] marks FTS5 put around matches, as elements: the text itself stays escaped. */
function Snippet(props: { text: string }) {
  const parts = props.text.split(/(\[\[|\]\])/);
  let inMark = false;
  const out = [];
  for (const part of parts) {
    if (part === "[[") inMark = true;
    else if (part === "]]") inMark = false;
    else if (part) out.push(inMark ? <mark>{part}</mark> : part);
  }
  return <>{out}</>;
}

export function SearchResults(p: { q: string; hits: SearchHit[]; more: string | null }) {
  return (
    <div class="search-results">
      <h1>Messages matching “{p.q}”</h1>
      {p.hits.length === 0 ? (
        <p class="muted">No message matches. Names and numbers that match are listed on the left.</p>
      ) : null}
      <ul class="hits">
        {p.hits.map((h) => (
          <li>
            <a href={`/inbox/c/${h.conversation_id}?at=${h.message_id}#msg-${h.message_id}`}>
              <strong>
                <bdi>{h.title || h.peer_phone || "Conversation"}</bdi>
              </strong>{" "}
              <span class="muted">· {h.channel_name}</span>
              <span class="hit-text" dir="auto">
                <Snippet text={h.snippet} />
              </span>
              <Time at={h.wa_timestamp} />
            </a>
          </li>
        ))}
      </ul>
      {p.more ? (
        <p>
          <a class="button secondary small" href={p.more}>
            Older matches
          </a>
        </p>
      ) : null}
    </div>
  );
}
