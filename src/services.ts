import type { Db } from "./db/open.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./log.ts";
import type { Clock } from "./clock.ts";
import { LiveHub } from "./inbox/live.ts";
import { createIngest, type Ingest, type LinkedRecord, type StoredMessage } from "./inbox/ingest.ts";
import { createOutbox, type Outbox, type Sender } from "./inbox/compose.ts";
import { createJobRunner, type JobRunner } from "./jobs/runner.ts";
import type { ConversationRow, MessageRow } from "./inbox/types.ts";

/** The media store as the rest of the app uses it (content-addressed files under <data>/media). */
export type MediaStore = {
  path(sha256: string): string;
  putBytes(
    bytes: Uint8Array,
  ): Promise<{ ok: true; sha256: string; size: number } | { ok: false; error: string }>;
};

export type CoreDeps = { db: Db; config: Config; logger: Logger; clock: Clock };

/**
 * The long-lived parts of one Pairbox process, built once by main.ts (and by tests): the live hub,
 * the ingest path, the outbox, the job runner, the media store. Features plug in here, not in routes.
 */
export type Services = {
  hub: LiveHub;
  ingest: Ingest;
  outbox: Outbox;
  jobs: JobRunner;
  media: MediaStore;
  /** Ask the channel's session to fetch a message's media again (after a failed download). */
  retryMedia(messageId: number): void;
  /** In-transaction hooks run for every stored message (workflow triggers, webhook outbox). */
  onStored: Array<(stored: StoredMessage) => void>;
  /**
   * In-transaction hooks run for every change to a message sent through Pairbox: queued, then each
   * new state (sent, delivered, read, failed). What they write commits with the change or not at all.
   */
  onOutbound: Array<(message: MessageRow) => void>;
};

export type ServiceParts = {
  media: MediaStore;
  sender: Sender;
  link: (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];
  retryMedia: (messageId: number) => void;
};

export function createServices(core: CoreDeps, parts: ServiceParts): Services {
  const hub = new LiveHub();
  const onStored: Services["onStored"] = [];
  const onOutbound: Services["onOutbound"] = [];
  const ingest = createIngest({ db: core.db, clock: core.clock, hub, link: parts.link, onStored });
  const outbox = createOutbox({
    db: core.db,
    clock: core.clock,
    hub,
    logger: core.logger,
    sender: parts.sender,
    mediaPath: parts.media.path,
    onOutbound,
  });
  const jobs = createJobRunner({
    db: core.db,
    clock: core.clock,
    logger: core.logger,
    retentionMs: core.config.jobRetentionDays * 24 * 60 * 60 * 1000,
  });
  return {
    hub,
    ingest,
    outbox,
    jobs,
    media: parts.media,
    retryMedia: parts.retryMedia,
    onStored,
    onOutbound,
  };
}
