import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The layers, lowest first, as the README's Development section lists them. A file may import its
 * own layer or a lower one, never a higher one.
 */
export const LAYERS = ["foundation", "driver", "core", "features", "app"] as const;
export type Layer = (typeof LAYERS)[number];

export const ROOT = resolve(import.meta.dir, "../..");

/** Which layer a repository path (src/…) belongs to. */
export function layerOf(path: string): Layer {
  // Files outside the code (package.json, static assets) sit below everything.
  if (!path.startsWith("src/")) return "foundation";
  if (path === "src/app.ts" || path === "src/main.ts" || path === "src/serve.ts") return "app";
  if (/^src\/(db|net|jobs|types)\//.test(path) || /^src\/[^/]+\.tsx?$/.test(path)) return "foundation";
  if (path.startsWith("src/whatsapp/")) return "driver";
  if (path.startsWith("src/messaging/")) return "core";
  return "features";
}

/** Every TypeScript file under the given folders, as repository paths. */
export function sourceFiles(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir))) {
      const path = `${dir}/${entry}`;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry) && !entry.endsWith(".d.ts")) out.push(path);
    }
  };
  for (const f of folders) walk(f);
  return out.sort();
}

/** The relative imports of a file (static, dynamic and type-only alike), as repository paths. */
export function importsOf(path: string, text = readFileSync(join(ROOT, path), "utf8")): string[] {
  const specs = [...text.matchAll(/(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => m[1]!,
  );
  return specs.map((s) => relative(ROOT, resolve(join(ROOT, dirname(path)), s)));
}

export type LayerViolation = { file: string; imports: string; from: Layer; to: Layer };

export function layerViolations(files: { path: string; text?: string }[]): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const f of files) {
    const from = layerOf(f.path);
    for (const target of importsOf(f.path, f.text)) {
      const to = layerOf(target);
      if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) out.push({ file: f.path, imports: target, from, to });
    }
  }
  return out;
}
