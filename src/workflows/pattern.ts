/**
 * The Incoming WhatsApp "message text" pattern: case-insensitive, `*` matches any run of characters
 * (including none), every other character is literal, and the pattern covers the whole body.
 * A blank pattern matches every message.
 */
export function patternMatches(pattern: string, text: string): boolean {
  const p = pattern.trim();
  if (p === "") return true;
  return compilePattern(p).test(text.trim());
}

const cache = new Map<string, RegExp>();

function compilePattern(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern.split("*").map(escapeRegExp).join("[\\s\\S]*");
    re = new RegExp(`^${body}$`, "iu");
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
