import type { Db } from "../db/open.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { Clock } from "../clock.ts";
import type { CurrentUser } from "../auth/principal.ts";
import type { Services } from "../messaging/services.ts";
import type { SessionManager } from "../channels/sessions.ts";

/** What every feature's routes receive. Built once in main.ts, or by a test. */
export type AppDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Secret for HMACs (CSRF tokens, signed media links); from config or generated into the data dir. */
  secret: string;
  version: string;
  services: Services;
  /** The live WhatsApp session of each channel (src/channels/sessions.ts). */
  sessions: SessionManager;
};

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    secureHeadersNonce?: string;
    user: CurrentUser | null;
    sessionIdHash: string | null;
    csrfToken: string;
    /** The signed-in person's unread notifications, for the bell in the page layout. */
    unreadNotifications?: number;
    /** Whether the signed-in person is Away (the top bar's availability switch). */
    away?: boolean;
  };
};
