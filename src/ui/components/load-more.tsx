import { hx } from "../htmx.ts";

/**
 * A button that replaces its box (`#box`) with the next page; that page brings a new button while
 * more remain, so the list grows in place.
 */
export function LoadMoreButton(p: { url: string; box: string; label: string }) {
  return (
    <button
      type="button"
      class="secondary small"
      {...hx({ get: p.url, target: `#${p.box}`, swap: "outerHTML" })}
    >
      {p.label}
    </button>
  );
}
