import type { Db } from "../db/open.ts";
import type { LinkedRecord } from "../messaging/ingest.ts";
import type { ConversationRow } from "../messaging/types.ts";
import { createServices, type CoreDeps, type Services } from "../messaging/services.ts";
import type { ContentStore } from "../whatsapp/media-store.ts";
import type { DriverWithControls } from "../whatsapp/driver.ts";
import { createSessionManager, type RunningSessions } from "./sessions.ts";

export type EngineParts = {
  media: ContentStore;
  driver: DriverWithControls;
  link: (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];
  /** Longest random pause between two sends on one channel; defaults to the configuration. */
  sendSpacingMs?: number;
};

/**
 * The services and the session manager, built together: the outbox sends through the sessions and
 * the sessions store through the services' ingest. main.ts and the test app both build them here.
 */
export function createEngine(
  core: CoreDeps,
  parts: EngineParts,
): { services: Services; sessions: RunningSessions } {
  let sessions: RunningSessions | null = null;
  const services = createServices(core, {
    media: parts.media,
    link: parts.link,
    sender: (channelId, to, payload, claim) => sessions!.send(channelId, to, payload, claim),
    retryMedia: (messageId) => sessions!.retryMedia(messageId),
  });
  sessions = createSessionManager({
    db: core.db,
    clock: core.clock,
    logger: core.logger,
    services,
    driver: parts.driver,
    media: parts.media,
    maxMediaBytes: core.config.maxUploadBytes,
    link: parts.link,
    sendSpacingMs: parts.sendSpacingMs ?? core.config.sendSpacingMs,
  });
  return { services, sessions };
}
