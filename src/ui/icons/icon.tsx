import { raw } from "hono/html";
import { ICON_SHAPES, type IconName } from "./set.ts";

export type { IconName };

/**
 * One interface icon as inline SVG in the text colour. With a `label` it is announced (role img and
 * aria-label); without one it is decoration beside words that already say the same, and hidden
 * from screen readers.
 */
export function Icon(p: { name: IconName; label?: string; size?: number; class?: string }) {
  const size = String(p.size ?? 16);
  const frame = {
    class: p.class ? `icon ${p.class}` : "icon",
    xmlns: "http://www.w3.org/2000/svg",
    width: size,
    height: size,
    viewBox: "0 0 24 24",
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
    focusable: "false",
  };
  const shapes = raw(ICON_SHAPES[p.name]);
  return p.label ? (
    <svg {...frame} role="img" aria-label={p.label}>
      {shapes}
    </svg>
  ) : (
    <svg {...frame} aria-hidden="true">
      {shapes}
    </svg>
  );
}
