import { join } from "node:path";

export const MAIN = join(import.meta.dir, "../../src/main.ts");

export type Spawned = {
  proc: ReturnType<typeof Bun.spawn>;
  /** Everything written to standard output and standard error so far. */
  output(): string;
  /** Resolves with the output once `test` matches it; rejects when the process exits first or after `ms`. */
  waitForOutput(test: RegExp, ms?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
};

/**
 * Runs the real `src/main.ts` with these arguments and only the variables given (plus PATH and
 * HOME), collecting what it writes; with `echo`, standard error also goes on to the test's own.
 */
export function spawnPairbox(
  args: string[],
  env: Record<string, string>,
  opts: { echo?: boolean } = {},
): Spawned {
  const proc = Bun.spawn(["bun", "run", MAIN, ...args], {
    // The version check would ask web.whatsapp.com: a test never reaches beyond 127.0.0.1.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PAIRBOX_WA_VERSION_CHECK: "off",
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  const waiters = new Set<() => void>();
  const collect = async (stream: ReadableStream<Uint8Array>, echo: boolean) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      if (echo) process.stderr.write(chunk);
      text += decoder.decode(chunk, { stream: true });
      for (const w of waiters) w();
    }
  };
  const drained = Promise.all([collect(proc.stdout, false), collect(proc.stderr, !!opts.echo)]);
  let exited = false;
  void proc.exited.then(async () => {
    await drained;
    exited = true;
    for (const w of waiters) w();
  });
  return {
    proc,
    output: () => text,
    waitForOutput(test, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no ${test} in output after ${ms} ms:\n${text}`)), ms);
        const done = (err: Error | null, match?: RegExpExecArray) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(match!);
        };
        const check = () => {
          const match = test.exec(text);
          if (match) done(null, match);
          else if (exited) done(new Error(`exited (${proc.exitCode}) without ${test} in output:\n${text}`));
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!exited) proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}

/** A port nothing listens on right now (the kernel picks it; the probe lets go at once). */
export async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}
