import { nonce } from "../../ui/context.ts";
import { Time } from "../../ui/components/time.tsx";
import type { PatternPreview } from "../recent.ts";

/** The Last 10 inbound messages, each marked whether the pattern being typed matches it. */
export function PatternPanel({ preview }: { preview: PatternPreview }) {
  const { messages, matched } = preview;
  return (
    <section id="pattern-panel" class="pattern-panel" aria-live="polite">
      <h3>
        Last 10 inbound messages{" "}
        <span class="muted">
          ({matched} of {messages.length} match)
        </span>
      </h3>
      {messages.length === 0 ? <p class="muted">No inbound messages on your channels yet.</p> : null}
      <ul class="pattern-list">
        {messages.map((m) => {
          const ok = m.matches;
          return (
            <li class={ok ? "pm match" : "pm"} data-match={ok ? "yes" : "no"}>
              <span class={ok ? "badge pm-yes" : "badge"}>{ok ? "Matches" : "No match"}</span>
              <span class="pm-text">{m.text || <em class="muted">({m.type}, no caption)</em>}</span>
              <small class="muted">
                {m.sender} · {m.channel} · <Time at={m.at} />
              </small>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The pattern input: asks for the panel again as the pattern is typed (after a short pause). */
export function PatternInput(p: { value: string; error?: string }) {
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for="f-pattern">Message text</label>
      <input
        id="f-pattern"
        name="pattern"
        type="text"
        value={p.value}
        placeholder="blank = every message"
        maxlength={500}
        autocomplete="off"
        hx-get="/workflows/pattern-preview"
        hx-trigger="input changed delay:250ms"
        hx-target="#pattern-panel"
        hx-swap="outerHTML"
        hx-nonce={nonce()}
      />
      <small class="hint">
        Case-insensitive; <code>*</code> matches anything, every other character is literal. <code>YES*</code>{" "}
        matches "yes please", <code>*receipt*</code> any message containing "receipt", blank matches every
        message.
      </small>
      {p.error ? <small class="error">{p.error}</small> : null}
    </div>
  );
}
