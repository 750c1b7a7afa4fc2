import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");

/**
 * The image is built where this machine cannot (no registry for base images), so the Dockerfile is
 * checked against what the install needs: `bun install` applies package.json's patched dependencies
 * and fails (or installs an unpatched Baileys) when the patch files are not in the build context yet.
 */
describe("Dockerfile", () => {
  test("copies every patch file before it installs", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      patchedDependencies?: Record<string, string>;
    };
    const lines = readFileSync(join(ROOT, "Dockerfile"), "utf8").split("\n");
    const install = lines.findIndex((l) => /^RUN bun install\b/.test(l));
    expect(install).toBeGreaterThan(0);
    const copied = lines
      .slice(0, install)
      .filter((l) => l.startsWith("COPY "))
      .flatMap((l) => l.slice(5).trim().split(/\s+/).slice(0, -1));
    const patches = Object.values(pkg.patchedDependencies ?? {});
    expect(patches.length).toBeGreaterThan(0);
    for (const file of patches) {
      const covered = copied.some((src) => file === src || file.startsWith(`${src.replace(/\/$/, "")}/`));
      expect(covered ? file : `${file} is not copied before bun install`).toBe(file);
    }
  });
});
