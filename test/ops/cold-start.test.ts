import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { VERSION } from "../../src/version.ts";
import { MAIN } from "../helpers/spawn.ts";

const PROBE = join(import.meta.dir, "../helpers/startup-probe.ts");

type Probe = { loaded: string[]; hashes: number };

/** Runs bun with the probe preloaded; returns what it printed and what it loaded and hashed. */
async function probe(args: string[]): Promise<{ stdout: string; code: number; probe: Probe }> {
  const proc = Bun.spawn(["bun", "--preload", PROBE, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    cwd: join(import.meta.dir, "../.."),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const line = /PROBE (.+)/.exec(stderr);
  if (!line) throw new Error(`no probe report:\n${stderr}`);
  return { stdout, code, probe: JSON.parse(line[1]!) as Probe };
}

/** Modules that mean the server's start was paid: the app, the database, the engine. */
const SERVER_MODULES = [
  "src/serve.ts",
  "src/app.ts",
  "src/db/open.ts",
  "src/auth/routes.tsx",
  "src/channels/engine.ts",
];

describe("commands that answer at once do not pay for the server's start", () => {
  test("`version` prints the version without loading the app, the database or computing a hash", async () => {
    const r = await probe([MAIN, "version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.probe.hashes).toBe(0);
    expect(r.probe.loaded.filter((m) => SERVER_MODULES.includes(m))).toEqual([]);
  });

  test("`--help` prints the settings without loading the app or computing a hash", async () => {
    const r = await probe([MAIN, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PAIRBOX_JOB_RETENTION_DAYS");
    expect(r.probe.hashes).toBe(0);
    expect(r.probe.loaded.filter((m) => SERVER_MODULES.includes(m))).toEqual([]);
  });

  test("loading the whole app computes no password hash until someone signs in", async () => {
    const r = await probe(["-e", 'await import("./src/app.ts"); console.log("loaded")']);
    expect(r.stdout.trim()).toBe("loaded");
    expect(r.probe.loaded).toContain("src/auth/routes.tsx");
    expect(r.probe.hashes).toBe(0);
  });
});
