import { fetchLatestWaWebVersion, type WAVersion } from "@whiskeysockets/baileys";
import type { Logger } from "../../log.ts";
import { BUNDLED_WA_VERSION, parseWaVersion } from "./socket.ts";
import type { Timers } from "./timers.ts";

/**
 * Which WhatsApp Web version the driver announces. WhatsApp refuses (405) versions it retired, so
 * a pinned one alone eventually takes every channel down: at start-up the driver asks
 * web.whatsapp.com for the current one, briefly, and falls back to the version bundled with
 * Baileys. PAIRBOX_WA_VERSION fixes it by hand; PAIRBOX_WA_VERSION_CHECK=off never asks (tests, CI,
 * offline installs).
 */

export type WaVersionInUse = {
  version: WAVersion;
  /** What the channel page says about where the version comes from. */
  source: string;
};

/** The latest version WhatsApp Web serves, or null; `signal` aborts the request. */
export type LatestVersionFetcher = (signal: AbortSignal) => Promise<WAVersion | null>;

export const VERSION_CHECK_TIMEOUT_MS = 3000;

export const fetchLatestFromWhatsApp: LatestVersionFetcher = async (signal) => {
  const latest = await fetchLatestWaWebVersion({ signal });
  return latest.isLatest ? (latest.version as WAVersion) : null;
};

export function formatWaVersion(v: WAVersion): string {
  return v.join(".");
}

export async function resolveWaVersion(o: {
  configured: string;
  check: boolean;
  fetchLatest: LatestVersionFetcher;
  timers: Timers;
  logger: Logger;
  timeoutMs?: number;
}): Promise<WaVersionInUse> {
  if (o.configured) return { version: parseWaVersion(o.configured), source: "set by PAIRBOX_WA_VERSION" };
  const pinned = (why: string): WaVersionInUse => ({
    version: BUNDLED_WA_VERSION,
    source: `the version bundled with Baileys: ${why}`,
  });
  if (!o.check) return pinned("checking for the latest is off (PAIRBOX_WA_VERSION_CHECK)");
  const abort = new AbortController();
  const timeoutMs = o.timeoutMs ?? VERSION_CHECK_TIMEOUT_MS;
  const cancel = o.timers.set(() => abort.abort(), timeoutMs);
  const timedOut = new Promise<"timeout">((resolve) =>
    abort.signal.addEventListener("abort", () => resolve("timeout")),
  );
  try {
    const latest = await Promise.race([o.fetchLatest(abort.signal), timedOut]);
    if (latest === "timeout") {
      o.logger.warn({ timeoutMs }, "WhatsApp Web did not say its version in time; using the bundled one");
      return pinned(`web.whatsapp.com did not answer within ${timeoutMs / 1000} s`);
    }
    if (!latest) return pinned("web.whatsapp.com did not say its current version");
    o.logger.info({ version: formatWaVersion(latest) }, "using the latest WhatsApp Web version");
    return { version: latest, source: "the latest, checked at start-up" };
  } catch (err) {
    o.logger.warn({ reason: (err as Error)?.message }, "could not check the WhatsApp Web version");
    return pinned("the check for the latest failed");
  } finally {
    cancel();
  }
}
