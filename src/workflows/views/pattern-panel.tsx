import { Time } from "../../ui/components/time.tsx";
import { FieldFrame } from "../../ui/components/field.tsx";
import type { PatternPreview } from "../recent.ts";
import { hx } from "../../ui/htmx.ts";

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
    <FieldFrame
      for="f-pattern"
      label="Message text"
      error={p.error}
      hint={
        <>
          Case-insensitive; <code>*</code> matches anything, every other character is literal.{" "}
          <code>YES*</code> matches "yes please", <code>*receipt*</code> any message containing "receipt",
          blank matches every message.
        </>
      }
    >
      <input
        id="f-pattern"
        name="pattern"
        type="text"
        value={p.value}
        placeholder="blank = every message"
        maxlength={500}
        autocomplete="off"
        {...hx({
          get: "/workflows/pattern-preview",
          trigger: "input changed delay:250ms",
          target: "#pattern-panel",
          swap: "outerHTML",
        })}
      />
    </FieldFrame>
  );
}
