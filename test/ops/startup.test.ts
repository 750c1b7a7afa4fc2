import { afterEach, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { freePort, spawnPairbox, type Spawned } from "../helpers/spawn.ts";

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

/** Starts the real server on a free loopback port with this data directory, until it listens. */
async function startIn(dataDir: string): Promise<void> {
  const server = spawnPairbox([], {
    PAIRBOX_PORT: String(await freePort()),
    PAIRBOX_HOST: "127.0.0.1",
    PAIRBOX_DATA_DIR: dataDir,
    PAIRBOX_DEMO: "1",
    PAIRBOX_LOG_LEVEL: "info",
  });
  started.push(server);
  await server.waitForOutput(/Pairbox is listening/);
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test("the data directory is readable by its owner only, also after an upgrade from looser modes", async () => {
  // What a first round left behind: a world-readable folder, database, secret and media.
  const root = tempDir();
  const data = join(root, "data");
  mkdirSync(join(data, "media", "ab"), { recursive: true, mode: 0o755 });
  const db = openDatabase(join(data, "pairbox.db"));
  migrate(db);
  db.close();
  writeFileSync(join(data, "secret.key"), "x".repeat(43));
  writeFileSync(join(data, "media", "ab", "cdef"), "media bytes");
  for (const [path, m] of [
    [data, 0o755],
    [join(data, "media"), 0o755],
    [join(data, "media", "ab"), 0o755],
    [join(data, "pairbox.db"), 0o644],
    [join(data, "secret.key"), 0o644],
    [join(data, "media", "ab", "cdef"), 0o644],
  ] as const)
    chmodSync(path, m);

  await startIn(data);

  expect(mode(data)).toBe("700");
  expect(mode(join(data, "media"))).toBe("700");
  expect(mode(join(data, "pairbox.db"))).toBe("600");
  expect(mode(join(data, "secret.key"))).toBe("600");
  for (const side of ["pairbox.db-wal", "pairbox.db-shm"])
    if (existsSync(join(data, side))) expect(mode(join(data, side))).toBe("600");

  // A fresh data directory starts out that way.
  const fresh = join(root, "fresh");
  await startIn(fresh);
  expect(mode(fresh)).toBe("700");
  expect(mode(join(fresh, "media"))).toBe("700");
  expect(mode(join(fresh, "pairbox.db"))).toBe("600");
  expect(mode(join(fresh, "secret.key"))).toBe("600");
  expect(mode(join(fresh, "pairbox.db-wal"))).toBe("600");
});

test("pairbox backup writes a copy only its owner can read", async () => {
  const data = tempDir();
  const db = openDatabase(join(data, "pairbox.db"));
  migrate(db);
  db.close();
  const target = join(data, "copy.db");
  const backup = spawnPairbox(["backup", target], { PAIRBOX_DATA_DIR: data });
  started.push(backup);
  expect(await backup.proc.exited).toBe(0);
  expect(mode(target)).toBe("600");
});

test("with no administrator, start-up prints a set-up link; a restart prints a new one and only that one works", async () => {
  const data = tempDir();
  const port = await freePort();
  const env = {
    PAIRBOX_PORT: String(port),
    PAIRBOX_HOST: "127.0.0.1",
    PAIRBOX_DATA_DIR: data,
    PAIRBOX_DEMO: "1",
    // Even with only warnings logged, the link is printed: nobody could set up without it.
    PAIRBOX_LOG_LEVEL: "warn",
  };
  const LINK = new RegExp(`http://localhost:${port}/setup\\?token=([A-Za-z0-9_-]{43})`);
  const first = spawnPairbox([], env);
  started.push(first);
  const oldToken = (await first.waitForOutput(LINK))[1]!;
  await first.stop();

  const second = spawnPairbox([], env);
  started.push(second);
  const token = (await second.waitForOutput(LINK))[1]!;
  expect(token).not.toBe(oldToken);
  const base = `http://127.0.0.1:${port}`;
  const setUp = (t: string) =>
    fetch(`${base}/setup`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: base },
      body: new URLSearchParams({
        name: "Ada",
        email: "ada@example.com",
        password: "long enough pw",
        confirm: "long enough pw",
        token: t,
      }),
    });
  expect((await fetch(`${base}/setup?token=${oldToken}`)).status).toBe(403);
  expect((await setUp(oldToken)).status).toBe(403);
  expect(await (await fetch(`${base}/setup?token=${token}`)).text()).toContain(
    "Create the first administrator",
  );
  expect((await setUp(token)).status).toBe(303);
  // A request that names another host (DNS rebinding) is turned away by the real server too.
  const rebound = await fetch(`${base}/login`, { headers: { host: `rebind.attacker.example:${port}` } });
  expect(rebound.status).toBe(421);
  expect((await fetch(`${base}/healthz`, { headers: { host: "pairbox:1" } })).status).toBe(200);
});

test("PAIRBOX_ADMIN_EMAIL and PAIRBOX_ADMIN_PASSWORD still create the administrator, and no link is printed", async () => {
  const server = spawnPairbox([], {
    PAIRBOX_PORT: String(await freePort()),
    PAIRBOX_HOST: "127.0.0.1",
    PAIRBOX_DATA_DIR: tempDir(),
    PAIRBOX_DEMO: "1",
    PAIRBOX_LOG_LEVEL: "info",
    PAIRBOX_ADMIN_EMAIL: "ops@example.com",
    PAIRBOX_ADMIN_PASSWORD: "a long password",
  });
  started.push(server);
  await server.waitForOutput(/Pairbox is listening/);
  expect(server.output()).toContain("created the first administrator");
  expect(server.output()).not.toContain("/setup?token=");
});
