import type { Db } from "../db/open.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { Clock } from "../clock.ts";
import type { MediaStore } from "../whatsapp/media-store.ts";
import { onAfterCommitFailure } from "../db/write.ts";
import { connectLiveHub, LiveHub } from "./live-hub.ts";
import { attachDomainEvents, DomainEvents, type LinkedRecord } from "./events.ts";
import { createIngest, type Ingest } from "./ingest.ts";
import { createIntake, type Intake } from "./intake.ts";
import { createSendCommand, type SendCommand } from "./send.ts";
import { createMessageActions, type MessageActions } from "./actions.ts";
import { createOutbox, type Outbox, type Sender } from "./outbox.ts";
import { createJobRunner, type JobRunner } from "../jobs/runner.ts";
import type { ConversationRow } from "./types.ts";
import { endSnooze, SNOOZE_END_JOB } from "./status.ts";
import { installUnreadFill } from "./unread-fill.ts";

export type { MediaStore };

export type CoreDeps = { db: Db; config: Config; logger: Logger; clock: Clock };

/**
 * The long-lived parts of one Pairbox process, built once by main.ts (and by tests): the live hub,
 * the ingest path, the outbox, the job runner, the media store. Features plug in here, not in routes.
 */
export type Services = {
  hub: LiveHub;
  ingest: Ingest;
  /** Live messages from the drivers, committed in groups (src/messaging/intake.ts). */
  intake: Intake;
  outbox: Outbox;
  jobs: JobRunner;
  media: MediaStore;
  /** Ask the channel's session to fetch a message's media again (after a failed download). */
  retryMedia(messageId: number): void;
  /**
   * The domain events every write emits (src/messaging/events.ts). Webhooks and workflows listen
   * inside the transaction, the live hub after the commit.
   */
  events: DomainEvents;
  /** The one send command (inbox reply, new message, API, workflows). */
  send: SendCommand;
  /** Our reactions, edits and deletes for everyone: queued and sent like messages. */
  actions: MessageActions;
};

export type ServiceParts = {
  media: MediaStore;
  sender: Sender;
  link: (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];
  retryMedia: (messageId: number) => void;
};

export function createServices(core: CoreDeps, parts: ServiceParts): Services {
  const hub = new LiveHub();
  const events = new DomainEvents();
  attachDomainEvents(core.db, events);
  connectLiveHub(events, hub);
  onAfterCommitFailure((err) => core.logger.error({ err }, "after-commit callback failed"));
  const ingest = createIngest({ db: core.db, clock: core.clock, link: parts.link });
  const outbox = createOutbox({
    db: core.db,
    clock: core.clock,
    logger: core.logger,
    sender: parts.sender,
    mediaPath: parts.media.path,
  });
  const jobs = createJobRunner({
    db: core.db,
    clock: core.clock,
    logger: core.logger,
    retentionMs: core.config.jobRetentionDays * 24 * 60 * 60 * 1000,
  });
  jobs.register(SNOOZE_END_JOB, async (_job, payload) => {
    const p = payload as { conversationId: number; until: number };
    endSnooze(core.db, p.conversationId, p.until, core.clock());
    return { ok: true };
  });
  installUnreadFill(core.db, jobs);
  const services: Services = {
    hub,
    ingest,
    intake: createIntake(core.db, ingest),
    outbox,
    jobs,
    media: parts.media,
    retryMedia: parts.retryMedia,
    events,
    actions: createMessageActions({
      db: core.db,
      clock: core.clock,
      logger: core.logger,
      sender: () => parts.sender,
    }),
    // Reads the outbox at each call, so a test that swaps services.outbox sends through its own.
    send: createSendCommand({
      db: core.db,
      clock: core.clock,
      outbox: { queue: (o) => services.outbox.queue(o), dispatch: (id) => services.outbox.dispatch(id) },
    }),
  };
  return services;
}
