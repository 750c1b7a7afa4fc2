import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import type { Config } from "../../config.ts";
import type { Logger } from "../../log.ts";
import type { EmitEvent, WhatsAppDriver } from "../driver.ts";
import { hasRegisteredCreds, wipeAuth } from "./auth-store.ts";
import { forgetCaches } from "./cache-store.ts";
import type { MediaDownloader } from "./media.ts";
import { DEFAULT_RECONNECT, type ReconnectBounds } from "./reconnect.ts";
import { BaileysSession } from "./session.ts";
import { realTimers, type Timers } from "./timers.ts";
import { DEFAULT_TRANSFER_TIMEOUTS, type TransferTimeouts } from "./transfer-timeouts.ts";
import { realSocketFactory, type SocketFactory } from "./socket.ts";
import {
  fetchLatestFromWhatsApp,
  formatWaVersion,
  resolveWaVersion,
  type LatestVersionFetcher,
  type WaVersionInUse,
} from "./wa-version.ts";

export type BaileysDriverDeps = {
  db: Db;
  logger: Logger;
  clock: Clock;
  config: Config;
  maxMediaBytes: number;
};

/** Seams for tests (a fake socket, stepped timers); production uses the defaults. */
export type BaileysDriverOptions = {
  socketFactory?: SocketFactory;
  timers?: Timers;
  random?: () => number;
  maxQrRotations?: number;
  download?: MediaDownloader;
  /** Shorter limits on transfers and sends, so tests of a stalled file need not wait minutes. */
  timeouts?: Partial<TransferTimeouts>;
  /**
   * The WhatsApp Web server, for tests only (test/wa-server/, the emulator): not a setting people
   * can reach, so a deployment always talks to WhatsApp itself.
   */
  waWebSocketUrl?: string;
  /** Faster back-off and a shorter "stayed up" time, so tests of a flapping connection need not wait minutes. */
  reconnect?: Partial<ReconnectBounds>;
  /** Where the latest WhatsApp Web version is asked (web.whatsapp.com unless a test says otherwise). */
  fetchLatestVersion?: LatestVersionFetcher;
};

/** Unscanned QR codes (about 20 s each) before pairing stops: roughly two minutes. */
export const DEFAULT_MAX_QR_ROTATIONS = 5;

/**
 * The production WhatsApp driver: one Baileys socket per channel, its device keys in SQLite.
 * The media size cap is enforced by the media store the session manager streams into.
 */
export function createBaileysDriver(
  deps: BaileysDriverDeps,
  options: BaileysDriverOptions = {},
): WhatsAppDriver {
  const logger = deps.logger.child({ driver: "baileys" });
  const timers = options.timers ?? realTimers;
  // Asked once, when the first session starts (a server without channels asks nothing); sessions
  // wait for the answer (3 s at most) before their first socket.
  let version: Promise<WaVersionInUse> | null = null;
  let inUse: WaVersionInUse | null = null;
  const versionOnce = () => {
    version ??= resolveWaVersion({
      configured: deps.config.waVersion,
      check: deps.config.waVersionCheck,
      fetchLatest: options.fetchLatestVersion ?? fetchLatestFromWhatsApp,
      timers,
      logger,
    }).then((v) => (inUse = v));
    return version;
  };
  return {
    kind: "baileys",
    createSession(channelId: number, emit: EmitEvent) {
      return new BaileysSession(channelId, emit, {
        db: deps.db,
        logger,
        clock: deps.clock,
        version: versionOnce,
        socketFactory: options.socketFactory ?? realSocketFactory,
        timers,
        random: options.random ?? Math.random,
        maxQrRotations: options.maxQrRotations ?? DEFAULT_MAX_QR_ROTATIONS,
        download: options.download,
        timeouts: { ...DEFAULT_TRANSFER_TIMEOUTS, ...options.timeouts },
        maxMediaBytes: deps.maxMediaBytes,
        waWebSocketUrl: options.waWebSocketUrl,
        reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
      });
    },
    hasCredentials: (channelId) => hasRegisteredCreds(deps.db, channelId),
    about: () => (inUse ? `WhatsApp Web ${formatWaVersion(inUse.version)} (${inUse.source})` : null),
    forget(channelId) {
      deps.db
        .transaction(() => {
          wipeAuth(deps.db, channelId);
          forgetCaches(deps.db, channelId);
        })
        .immediate();
    },
  };
}
