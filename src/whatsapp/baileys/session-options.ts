import type { WAVersion } from "@whiskeysockets/baileys";
import type { Db } from "../../db/open.ts";
import type { Clock } from "../../clock.ts";
import type { Logger } from "../../log.ts";
import type { MediaDownloader } from "./media.ts";
import type { ReconnectBounds } from "./reconnect.ts";
import type { Timers } from "./timers.ts";
import type { TransferTimeouts } from "./transfer-timeouts.ts";
import type { SocketFactory } from "./socket.ts";

/** What the Baileys driver gives each of its channel sessions. */
export type SessionOptions = {
  db: Db;
  logger: Logger;
  clock: Clock;
  /** The WhatsApp Web version to announce, once the start-up check settled. */
  version: () => Promise<{ version: WAVersion }>;
  socketFactory: SocketFactory;
  timers: Timers;
  random: () => number;
  /** Unscanned QR codes shown before pairing stops with "QR expired". */
  maxQrRotations: number;
  download?: MediaDownloader;
  timeouts: TransferTimeouts;
  maxMediaBytes: number;
  /** Test seam (the emulator); WhatsApp's own server when unset. */
  waWebSocketUrl?: string | undefined;
  reconnect: ReconnectBounds;
};

/** "activity" events (the channel is alive) at most this often. */
export const ACTIVITY_EVERY_MS = 5000;
/** Stored raw messages (for retries and media) are pruned at most this often. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** A logout on a dead connection gives up after this; the keys are wiped either way. */
export const LOGOUT_TIMEOUT_MS = 10_000;
