import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

type BunServerLike = { requestIP?: (req: Request) => { address: string } | null };

/**
 * The address sign-in limits count. Directly exposed, the peer address from Bun's server (tests
 * through app.request() have none and share one bucket). With PAIRBOX_TRUST_PROXY behind one reverse
 * proxy, the last X-Forwarded-For entry: the one that proxy appended, so a client cannot forge it
 * (entries before it are the client's own words). Without it every user would share the proxy's bucket.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get("deps").config.trustProxy) {
    const last = c.req
      .header("x-forwarded-for")
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1);
    if (last && last.length <= 64) return last;
  }
  const server = c.env as BunServerLike | undefined;
  try {
    return server?.requestIP?.(c.req.raw)?.address ?? "local";
  } catch {
    return "local";
  }
}
