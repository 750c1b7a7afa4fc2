import { nonce } from "../context.ts";

/**
 * A button that replaces its box (`#box`) with the next page; that page brings a new button while
 * more remain, so the list grows in place.
 */
export function LoadMoreButton(p: { url: string; box: string; label: string }) {
  return (
    <button
      type="button"
      class="secondary small"
      hx-get={p.url}
      hx-target={`#${p.box}`}
      hx-swap="outerHTML"
      hx-nonce={nonce()}
    >
      {p.label}
    </button>
  );
}
