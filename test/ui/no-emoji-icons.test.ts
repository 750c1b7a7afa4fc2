import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, sourceFiles } from "../architecture/layers.ts";

/**
 * Emoji as interface icons render as empty boxes on machines without an emoji font and differ on
 * every OS; the interface uses <Icon> (src/ui/icons/) instead. Comments are skipped; customers'
 * message text never appears in source files, so it is never flagged.
 */
const EMOJI = /[\p{Extended_Pictographic}\u2713\u2714]/u;

function emojiIcons(path: string, text: string): string[] {
  const found: string[] = [];
  let inBlock = false;
  text.split("\n").forEach((line, i) => {
    let code = line;
    if (inBlock) {
      const end = code.indexOf("*/");
      if (end < 0) return;
      code = code.slice(end + 2);
      inBlock = false;
    }
    code = code.replace(/\/\*.*?\*\//g, "").replace(/(^|\s)\/\/.*$/, "");
    const open = code.indexOf("/*");
    if (open >= 0) {
      code = code.slice(0, open);
      inBlock = true;
    }
    if (EMOJI.test(code)) found.push(`${path}:${i + 1}: ${line.trim()}`);
  });
  return found;
}

/** Markup and the view helpers whose strings it shows. */
const viewFiles = () => sourceFiles("src").filter((p) => p.endsWith(".tsx") || /\/views\/[^/]+\.ts$/.test(p));

describe("interface icons", () => {
  test("no emoji stands as an icon in the interface's markup", () => {
    const files = viewFiles();
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((p) => emojiIcons(p, readFileSync(join(ROOT, p), "utf8")));
    expect(found).toEqual([]);
  });

  test("the check finds an emoji in markup but not in a comment", () => {
    expect(
      emojiIcons("a.tsx", '<span>📎</span>\n// 📎 in a comment\n{/* 👥 */}\nconst x = "✓✓ Read";'),
    ).toEqual(["a.tsx:1: <span>📎</span>", 'a.tsx:4: const x = "✓✓ Read";']);
  });
});
