import type { Context } from "hono";

type BunServerLike = { requestIP?: (req: Request) => { address: string } | null };

/** The peer address from Bun's server; tests through app.request() have none and share one bucket. */
export function clientIp(c: Context): string {
  const server = c.env as BunServerLike | undefined;
  try {
    return server?.requestIP?.(c.req.raw)?.address ?? "local";
  } catch {
    return "local";
  }
}
