import type { Db } from "../db/open.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { Services } from "../messaging/services.ts";
import type { Sender } from "../messaging/outbox.ts";
import type { LinkedRecord } from "../messaging/events.ts";
import type { ConversationRow } from "../messaging/types.ts";
import type { DriverSession, DriverWithControls, SimulatorControls } from "../whatsapp/driver.ts";
import type { ContentStore } from "../whatsapp/media-store.ts";

/** The session manager's shape: what routes, the API and start-up use of the live channel sessions. */
export type SessionEvent = { channelId: number; type: "qr" | "status" | "activity" };

export type SessionManager = {
  /** Creates the driver session and starts it (QR, or a reconnect with saved keys). */
  start(channelId: number): Promise<void>;
  stop(channelId: number): Promise<void>;
  /** Best-effort logout, stop, and the driver forgets the channel (keys gone). */
  remove(channelId: number): Promise<void>;
  /** Refreshes last activity and status (a round trip to WhatsApp when connected). */
  checkStatus(channelId: number): Promise<void>;
  refreshQr(channelId: number): Promise<void>;
  logout(channelId: number): Promise<void>;
  /** Back to pending with a fresh QR. */
  reconnect(channelId: number): Promise<void>;
  /** (channelId, to, payload) => WhatsApp id, through the channel's send queue. */
  send: Sender;
  retryMedia(messageId: number): void;
  on(listener: (e: SessionEvent) => void): () => void;
  /** The channel's running driver session (read receipts, typing, pairing by code); none when stopped. */
  liveSession(channelId: number): DriverSession | undefined;
  /** Non-null only when the simulator driver runs. */
  simulator: SimulatorControls | null;
  /** What the driver says about its link to WhatsApp (the Web version in use), for the channel page. */
  driverAbout(): string | null;
  /** At start-up: every live channel with saved keys reconnects, without a new QR. */
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
};

export type SessionManagerDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  services: Services;
  driver: DriverWithControls;
  media: ContentStore;
  maxMediaBytes: number;
  /** The records feature's linking function, run again when a LID turns out to be a phone. */
  link: (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];
  /** Longest random pause between two sends on one channel (0 in tests). */
  sendSpacingMs: number;
  /** Last activity is written at most this often per channel. */
  activityEveryMs?: number;
  /** How long a send waits for a paired channel that is reconnecting. */
  connectWaitMs?: number;
};

/** The manager plus what tests (and the simulator's controls) wait on. */
export type RunningSessions = SessionManager & {
  /** Resolves when every media download started so far has finished. */
  idle(): Promise<void>;
};
