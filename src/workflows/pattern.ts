/**
 * The Incoming WhatsApp "message text" pattern: case-insensitive, `*` matches any run of characters
 * (including none), every other character is literal, and the pattern covers the whole (trimmed) body.
 * A blank pattern matches every message.
 *
 * Matched without regular expressions: the literals between the stars are looked for left to right,
 * the first anchored at the start and the last at the end. The first place a literal occurs is always
 * the best one to take, so nothing is ever retried: the work is at most the text's length times the
 * pattern's (which the editor caps at 500 characters), whatever the text holds.
 */
export function patternMatches(pattern: string, text: string): boolean {
  return matchesFolded(compilePattern(pattern), foldForMatch(text));
}

/** A pattern ready to test many texts: its case-folded literals, or null for "every message". */
export type CompiledPattern = readonly string[] | null;

export function compilePattern(pattern: string): CompiledPattern {
  const p = pattern.trim();
  return p === "" ? null : foldCase(p).split("*");
}

/** The form a text is compared in; fold a message once to test it against many patterns. */
export function foldForMatch(text: string): string {
  return foldCase(text.trim());
}

/**
 * One case-folded form for any script, the same for a literal alone as inside a longer text: upper
 * then lower case folds ß/SS, ſ/s, ǅ/ǆ and the like together, and the Greek final sigma (the only
 * mapping that depends on the neighbouring letters) is made a plain sigma.
 */
function foldCase(s: string): string {
  return s.toUpperCase().toLowerCase().replaceAll("ς", "σ");
}

export function matchesFolded(parts: CompiledPattern, text: string): boolean {
  if (parts === null) return true;
  if (parts.length === 1) return text === parts[0];
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const end = text.length - last.length;
  if (end < first.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const literal = parts[i]!;
    if (literal === "") continue;
    const at = text.indexOf(literal, from);
    // A later occurrence would end even further right: no need to look for one.
    if (at === -1 || at + literal.length > end) return false;
    from = at + literal.length;
  }
  return true;
}
