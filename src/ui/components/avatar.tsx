/**
 * Initials in a coloured circle, so a long list is not a wall of text. The colour comes from the name
 * (the same person always gets the same one) out of a fixed palette whose every colour keeps white
 * initials above WCAG AA contrast; it is a class, not a style attribute, because the CSP forbids inline styles.
 */
export const AVATAR_COLOURS = 8;

/** Up to two letters: the first of the first and last words, or the last digits of a number. */
export function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return "?";
  if (words.every((w) => /^\p{N}+$/u.test(w))) return words.join("").slice(-2);
  const first = [...words[0]!][0] ?? "";
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? "") : "";
  return (first + last).toUpperCase();
}

/** A stable palette index from the name (FNV-1a over its UTF-16 units: linear, no allocation). */
export function avatarColour(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) % AVATAR_COLOURS;
}

/** Decorative: the name is always written next to it, so screen readers skip it. */
export function Avatar(p: { name: string; size?: "small" | "large" }) {
  return (
    <span
      class={`avatar avatar-${avatarColour(p.name)}${p.size === "large" ? " avatar-large" : ""}`}
      aria-hidden="true"
    >
      {initials(p.name)}
    </span>
  );
}
