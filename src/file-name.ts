import { BIDI_CONTROLS } from "./display-name.ts";

/** Direction marks (LRM, RLM, ALM): harmless in a name, but in a file name they only hide its end. */
const DIRECTION_MARKS = /[\u200e\u200f\u061c]/g;

/**
 * The one file-name cleaner. A name from WhatsApp, an upload or a URL is only ever a label: no path
 * parts, no control characters, no bidi controls or direction marks (which disguise "<U+202E>gpj.exe" as
 * "exe.jpg"), no leading dots, at most 200 characters. null when nothing is left.
 */
export function safeFileName(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is this regex's purpose
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(BIDI_CONTROLS, "")
    .replace(DIRECTION_MARKS, "")
    .replace(/^\.+/, "")
    .trim();
  if (clean === "") return null;
  return [...clean].slice(0, 200).join("");
}
