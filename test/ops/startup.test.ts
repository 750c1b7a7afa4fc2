import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnPairbox, type Spawned } from "../helpers/spawn.ts";

const started: Spawned[] = [];
const dirs: string[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.stop();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pairbox-startup-"));
  dirs.push(dir);
  return dir;
}

test("a second instance on a port already in use exits non-zero with one clear line", async () => {
  const holder = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("someone else") });
  try {
    const second = spawnPairbox([], {
      PAIRBOX_PORT: String(holder.port),
      PAIRBOX_HOST: "127.0.0.1",
      PAIRBOX_DATA_DIR: tempDir(),
      PAIRBOX_DEMO: "1",
      PAIRBOX_LOG_LEVEL: "warn",
    });
    started.push(second);
    const code = await Promise.race([second.proc.exited, Bun.sleep(20_000).then(() => "still running")]);
    expect(code).toBe(1);
    const lines = second.output().trim().split("\n");
    expect(lines).toEqual([
      `pairbox: port ${holder.port} is already in use on 127.0.0.1 (is another Pairbox running?)`,
    ]);
  } finally {
    holder.stop(true);
  }
});
