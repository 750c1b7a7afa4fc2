/**
 * Characters that reorder the text around them (bidi embeddings, overrides and isolates): in a
 * name or a file name they only ever serve to disguise, e.g. U+202E turns "<U+202E>gpj.exe" into what
 * reads as "exe.jpg". The marks LRM, RLM and ALM are kept in names, where right-to-left scripts
 * use them, and dropped from file names (src/file-name.ts).
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * The one cleaner for names people see: WhatsApp push names, group subjects, contact and channel
 * names from forms and the API. Controls and line breaks become one space, bidi controls go, the
 * rest is trimmed and cut to `max` characters (whole code points). "" when nothing is left.
 */
export function cleanDisplayName(name: string | null | undefined, max = 200): string {
  if (!name) return "";
  const clean = name
    .replace(BIDI_CONTROLS, "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is this regex's purpose
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .trim();
  return clean.length <= max ? clean : [...clean].slice(0, max).join("").trimEnd();
}
