import type { Config } from "../config.ts";

type Fetch = (req: Request, server: Bun.Server<undefined>) => Response | Promise<Response>;

export type Listening = { ok: true; server: Bun.Server<undefined> } | { ok: false; message: string };

/**
 * Starts the HTTP server, or says in one line why it cannot. Bun throws at once when the address
 * is taken; uncaught, that left a process that ran its channels but never listened.
 */
export function listen(config: Config, fetch: Fetch): Listening {
  try {
    const server = Bun.serve({
      port: config.port,
      hostname: config.host,
      fetch,
      // The outer cap; each route's own, smaller limit refuses most bodies long before this.
      maxRequestBodySize: config.maxUploadBytes + 1024 * 1024,
      idleTimeout: 30,
    });
    return { ok: true, server };
  } catch (err) {
    return { ok: false, message: listenFailure(config, err) };
  }
}

function listenFailure(config: Config, err: unknown): string {
  const where = `port ${config.port} on ${config.host}`;
  switch ((err as NodeJS.ErrnoException).code) {
    case "EADDRINUSE":
      return `port ${config.port} is already in use on ${config.host} (is another Pairbox running?)`;
    case "EACCES":
      return `not allowed to listen on ${where} (ports below 1024 need privileges: pick another PAIRBOX_PORT)`;
    case "EADDRNOTAVAIL":
      return `cannot listen on ${where}: ${config.host} is not an address of this machine (check PAIRBOX_HOST)`;
    default:
      return `cannot listen on ${where}: ${(err as Error).message}`;
  }
}
