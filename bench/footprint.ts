import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { freshDatabase } from "./lib/env.ts";
import { atMost, type Figure, type Scale } from "./lib/figures.ts";
import { seedChannels, seedInbox } from "./lib/seed.ts";
import { percentile, round } from "./lib/stats.ts";

const ROOT = join(import.meta.dir, "..");
const BINARY = join(ROOT, "dist", "pairbox");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** dist/pairbox, built with `bun run build` when missing or older than the sources. */
async function ensureBinary(): Promise<{ built: boolean }> {
  const sources = Math.max(newestMtime(join(ROOT, "src")), newestMtime(join(ROOT, "static")));
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= sources) return { built: false };
  const proc = Bun.spawn(["bun", "run", "build"], { cwd: ROOT, stdout: "ignore", stderr: "pipe" });
  if ((await proc.exited) !== 0)
    throw new Error(`bun run build failed: ${(await new Response(proc.stderr).text()).slice(-500)}`);
  return { built: true };
}

async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

function rssMb(pid: number): number {
  const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8") as string;
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Starts the binary on the data dir; resolves with the process once /healthz answers 200, and the time that took. */
async function startBinary(dataDir: string, demo: boolean) {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    PAIRBOX_LOG_LEVEL: "silent",
  };
  const t0 = performance.now();
  const proc = Bun.spawn(
    [
      BINARY,
      "--data-dir",
      dataDir,
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      ...(demo ? ["--demo"] : []),
    ],
    { env, stdout: "ignore", stderr: "pipe" },
  );
  const deadline = t0 + 15_000;
  while (performance.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok)
        return { proc, port, ms: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null)
      throw new Error(
        `pairbox exited with ${proc.exitCode}: ${(await new Response(proc.stderr).text()).slice(-400)}`,
      );
    await Bun.sleep(2);
  }
  proc.kill("SIGKILL");
  throw new Error("pairbox did not become healthy within 15 s");
}

async function stop(proc: ReturnType<typeof Bun.spawn>) {
  proc.kill("SIGTERM");
  await proc.exited;
}

/**
 * Footprint of the compiled binary: cold start to a healthy /healthz on an existing database of
 * 1,000,000 messages (the median of 5 starts), `--help` and `version`, resident memory once idle
 * (demo mode, and with the Baileys driver), resident memory with 20 simulated channels
 * connected (demo mode, channels paired before the start so they reconnect at boot), binary size.
 */
export async function footprint(scale: Scale): Promise<Figure[]> {
  const { built } = await ensureBinary();
  const size = statSync(BINARY).size / 1024 / 1024;
  const env = freshDatabase("footprint");
  try {
    const now = Date.now();
    const channelIds = seedChannels(env.db, 20, now);
    seedInbox(env.db, {
      channelIds,
      conversations: scale.quick ? 5_000 : 100_000,
      messages: scale.quick ? 50_000 : 1_000_000,
      bigChat: 100,
    });
    // Idle: the same data, its channels set aside (deleted channels keep their history), so nothing runs.
    env.db.exec("UPDATE channels SET deleted_at = 1");
    env.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    env.db.close();
    const starts: number[] = [];
    let idleRss = NaN;
    for (let i = 0; i < 5; i++) {
      const { proc, ms } = await startBinary(env.dir, true);
      starts.push(ms);
      if (i === 4) {
        await Bun.sleep(3000);
        idleRss = rssMb(proc.pid);
      }
      await stop(proc);
    }
    // The same, with the Baileys driver loaded (no --demo): what a production server holds idle.
    const baileys = await startBinary(env.dir, false);
    await Bun.sleep(3000);
    const baileysRss = rssMb(baileys.proc.pid);
    await stop(baileys.proc);
    const commandMs = async (args: string[]) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const p = Bun.spawn([BINARY, ...args], { stdout: "ignore", stderr: "ignore" });
        await p.exited;
        times.push(performance.now() - t0);
      }
      return percentile(times, 50);
    };
    const helpMs = await commandMs(["--help"]);
    const versionMs = await commandMs(["version"]);

    // 20 channels connected: demo mode; they are paired, so start-up reconnects them all.
    const { Database } = await import("bun:sqlite");
    const revive = new Database(join(env.dir, "pairbox.db"));
    revive.exec("UPDATE channels SET deleted_at = NULL");
    revive.close();
    const { proc } = await startBinary(env.dir, true);
    const check = new Database(join(env.dir, "pairbox.db"), { readonly: true });
    const deadline = Date.now() + 10_000;
    let connected = 0;
    while (Date.now() < deadline) {
      connected = check
        .query<{ n: number }, []>(
          "SELECT count(*) AS n FROM channels WHERE status = 'connected' AND deleted_at IS NULL",
        )
        .get()!.n;
      if (connected === channelIds.length) break;
      await Bun.sleep(100);
    }
    await Bun.sleep(2000);
    const busyRss = rssMb(proc.pid);
    check.close();
    await stop(proc);
    return [
      {
        benchmark: "footprint",
        figure: "Cold start to healthy /healthz",
        value: round(percentile(starts, 50)),
        unit: "ms",
        target: atMost(150),
        note: `median of 5 on a ${scale.quick ? "50,000" : "1,000,000"}-message database; all: ${starts.map((s) => round(s, 0)).join(", ")} ms`,
      },
      {
        benchmark: "footprint",
        figure: "`pairbox --help`",
        value: round(helpMs),
        unit: "ms",
        target: atMost(50),
        note: "median of 5, process start to exit",
      },
      {
        benchmark: "footprint",
        figure: "`pairbox version`",
        value: round(versionMs),
        unit: "ms",
        target: atMost(50),
        note: "median of 5, process start to exit",
      },
      {
        benchmark: "footprint",
        figure: "Idle memory (RSS), demo mode",
        value: round(idleRss),
        unit: "MB",
        target: atMost(60),
        note: "3 s after start, no live channel",
      },
      {
        benchmark: "footprint",
        figure: "Idle memory (RSS), Baileys driver",
        value: round(baileysRss),
        unit: "MB",
        target: atMost(80),
        note: "3 s after start without --demo, no live channel",
      },
      {
        benchmark: "footprint",
        figure: "Memory with 20 simulated channels connected (RSS)",
        value: round(busyRss),
        unit: "MB",
        target: null,
        note: `${connected} of 20 connected`,
      },
      {
        benchmark: "footprint",
        figure: "Binary size (dist/pairbox)",
        value: round(size),
        unit: "MB",
        target: null,
        note: built ? "built for this run" : "existing build, newer than the sources",
      },
    ];
  } finally {
    env.cleanup();
  }
}
