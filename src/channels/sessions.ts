import type { DriverEvent, DriverSession, SimulatorControls } from "../whatsapp/driver.ts";
import { createSendQueue } from "../whatsapp/send-queue.ts";
import { write, type Tx } from "../db/write.ts";
import { emit } from "../messaging/events.ts";
import { installIngestRetry } from "./ingest-failures.ts";
import { createRetiring } from "./session-drain.ts";
import { createEventApplier } from "./session-events.ts";
import { createConnectWait } from "./session-wait.ts";
import { createPairingGuard } from "./paired-number.ts";
import { downloadMedia, MEDIA_RETRY_JOB, scheduleMediaRetry, type MediaDeps } from "./session-media.ts";
import { liveChannelIds, saveActivity, saveStatus, sessionChannel } from "./session-store.ts";
import { interruptedDownloads, markMediaProblem, mediaTarget } from "../messaging/media-state.ts";
import type { RunningSessions, SessionEvent, SessionManagerDeps } from "./session-types.ts";

// The manager's types live beside it; importers keep naming this file.
export type { RunningSessions, SessionEvent, SessionManager, SessionManagerDeps } from "./session-types.ts";

const CHECK_TIMEOUT_MS = 10_000;
const CONNECT_WAIT_MS = 15_000;

/**
 * One driver session per live channel. Driver events become database writes here, and each is
 * announced (live hub + session listeners) only after it committed. A failure in one channel's
 * events is logged with its channel and never touches another channel.
 */
export function createSessionManager(deps: SessionManagerDeps): RunningSessions {
  const { db, clock, logger, services, driver } = deps;
  const live = new Map<number, DriverSession>();
  const { retire, accepts } = createRetiring();
  const listeners = new Set<(e: SessionEvent) => void>();
  const inFlight = new Set<Promise<unknown>>();
  const queue = createSendQueue({ spacingMs: deps.sendSpacingMs });
  const mediaDeps: MediaDeps = {
    db,
    clock,
    logger,
    jobs: services.jobs,
    media: deps.media,
    maxMediaBytes: deps.maxMediaBytes,
  };

  /**
   * A session event: the channel row changed (status, QR) or saw activity. `channel.changed` goes
   * out in the write that saved it (`commit`, see session-events.ts), or in one of its own here.
   */
  function announce(e: SessionEvent, saved?: (tx: Tx) => void): void {
    if (saved || e.type !== "activity")
      write(db, (tx) => {
        saved?.(tx);
        if (e.type !== "activity") emit(tx, { type: "channel.changed", channelId: e.channelId });
      });
    for (const l of listeners) {
      try {
        l(e);
      } catch (err) {
        logger.error({ err, channelId: e.channelId }, "session listener failed");
      }
    }
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  }

  const liveSession = (channelId: number) => live.get(channelId);
  const applier = createEventApplier({ ...deps, mediaDeps, announce, track, liveSession });
  const pairing = createPairingGuard({
    db,
    clock,
    logger,
    driver,
    drop: (channelId) => live.delete(channelId),
    announce: (channelId) => announce({ channelId, type: "status" }),
    track,
  });

  function session(channelId: number): DriverSession {
    const existing = live.get(channelId);
    if (existing) return existing;
    const created = driver.createSession(channelId, (event: DriverEvent) => {
      if (live.get(channelId) !== created && !accepts(created, event)) return;
      if (event.type === "connected" && !pairing.admit(channelId, created, event.ownJid)) return;
      return applier.apply(channelId, event);
    });
    live.set(channelId, created);
    return created;
  }

  /** A session for a channel, once any refused phone's unlinking has finished wiping its keys. */
  async function readySession(channelId: number): Promise<DriverSession> {
    await pairing.settled(channelId);
    return session(channelId);
  }

  function liveChannel(channelId: number) {
    const ch = sessionChannel(db, channelId);
    if (!ch || ch.deleted_at !== null) throw new Error(`channel ${channelId} does not exist or was deleted`);
    return ch;
  }

  async function redownload(messageId: number): Promise<"stored" | "too_large" | "failed" | "gone"> {
    const target = mediaTarget(db, messageId);
    if (
      !target?.wa_id ||
      target.media_status === null ||
      target.media_status === "stored" ||
      target.media_status === "too_large"
    )
      return "gone";
    const s = live.get(target.channel_id);
    if (!s) return "failed";
    const source = await s.fetchMedia(target.wa_id);
    if (!source) {
      write(db, (tx) => {
        markMediaProblem(db, messageId, "failed", "WhatsApp no longer has this file.");
        emit(tx, {
          type: "media.changed",
          channelId: target.channel_id,
          conversationId: target.conversation_id,
          messageId,
        });
      });
      return "gone";
    }
    return downloadMedia(mediaDeps, messageId, source);
  }

  const untilConnected = createConnectWait({
    db,
    clock,
    hasCredentials: (id) => driver.hasCredentials(id),
    on: (l) => manager.on(l),
    waitMs: deps.connectWaitMs ?? CONNECT_WAIT_MS,
  });

  services.jobs.register(MEDIA_RETRY_JOB, async (_job, payload) => {
    const messageId = Number((payload as { messageId?: unknown }).messageId);
    const outcome = await redownload(messageId);
    return outcome === "failed"
      ? { ok: false, retry: true, error: "media download failed again" }
      : { ok: true };
  });
  applier.onMediaFailed((messageId) => scheduleMediaRetry(mediaDeps, messageId));
  // A message that could not be stored is stored by the job queue later; its file is fetched after.
  installIngestRetry({ db, clock, logger, jobs: services.jobs }, (message) => {
    const result = services.ingest.ingest(message);
    if (result.stored && message.media) scheduleMediaRetry(mediaDeps, result.messageId);
  });

  const manager: RunningSessions = {
    driverAbout: () => driver.about?.() ?? null,
    liveSession,
    async start(channelId) {
      liveChannel(channelId);
      await (await readySession(channelId)).start();
    },
    async stop(channelId) {
      const s = live.get(channelId);
      if (!s) return;
      live.delete(channelId);
      await retire(s, () => s.stop());
    },
    async remove(channelId) {
      const s = live.get(channelId) ?? (await readySession(channelId));
      live.delete(channelId);
      await retire(s, async () => {
        try {
          await s.logout();
        } catch (err) {
          logger.warn({ err, channelId }, "logout during delete failed; the keys are wiped anyway");
        }
        await s
          .stop()
          .catch((err) => logger.warn({ err, channelId }, "stopping a deleted channel's session failed"));
      });
      driver.forget(channelId);
      queue.drop(channelId);
    },
    async checkStatus(channelId) {
      const ch = liveChannel(channelId);
      const s = live.get(channelId);
      if (!s) {
        // Nothing running (say, it failed at start-up): a channel with keys gets its session back.
        if (driver.hasCredentials(channelId)) await manager.start(channelId);
      } else if (ch.status === "connected") {
        // A real round trip: asking WhatsApp about our own number proves the link is alive.
        const alive = await Promise.race([
          s.isOnWhatsApp(ch.phone_e164).then(
            () => true,
            () => false,
          ),
          Bun.sleep(CHECK_TIMEOUT_MS).then(() => false),
        ]);
        if (alive) saveActivity(db, channelId, clock());
      }
      announce({ channelId, type: "status" });
    },
    async refreshQr(channelId) {
      liveChannel(channelId);
      await (await readySession(channelId)).refreshQr();
    },
    async logout(channelId) {
      liveChannel(channelId);
      await (await readySession(channelId)).logout();
      // Whatever the driver said on its way out, the channel is now signed out.
      announce({ channelId, type: "status" }, () =>
        saveStatus(db, channelId, "disconnected", "Signed out: reconnect to pair the phone again.", clock()),
      );
    },
    async reconnect(channelId) {
      liveChannel(channelId);
      await (await readySession(channelId)).refreshQr();
    },
    async send(channelId, to, payload, claim) {
      const s = live.get(channelId);
      const ch = sessionChannel(db, channelId);
      if (!s || !ch || ch.deleted_at !== null) throw new Error("This channel is not connected to WhatsApp.");
      const waId = await queue.run(channelId, async () => {
        await untilConnected(channelId);
        claim?.();
        return s.send(to, payload);
      });
      // The caller records the id right after this resolves; receipts that raced ahead are applied then.
      setTimeout(() => applier.replayReceipts(channelId, waId), 0);
      return waId;
    },
    retryMedia(messageId) {
      const target = mediaTarget(db, messageId);
      if (!target || target.media_status === "stored") return;
      track(
        redownload(messageId).then(
          (outcome) => {
            if (outcome === "failed") scheduleMediaRetry(mediaDeps, messageId);
          },
          (err) => logger.error({ err, messageId }, "media retry failed"),
        ),
      );
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    simulator: driver.kind === "simulator" && driver.controls ? wrapControls(driver.controls) : null,
    async startAll() {
      for (const messageId of interruptedDownloads(db)) scheduleMediaRetry(mediaDeps, messageId);
      for (const channelId of liveChannelIds(db)) {
        try {
          if (driver.hasCredentials(channelId)) await manager.start(channelId);
          else applier.markUnpaired(channelId);
        } catch (err) {
          logger.error({ err, channelId }, "could not start the channel's session");
        }
      }
    },
    async stopAll() {
      const all = [...live.entries()];
      live.clear();
      await Promise.all(
        all.map(([channelId, s]) =>
          retire(s, () => s.stop()).catch((err) =>
            logger.warn({ err, channelId }, "stopping a session failed"),
          ),
        ),
      );
      applier.close();
      // Downloads in progress get a moment to finish; an unfinished one is retried after the restart.
      await Promise.race([manager.idle(), Bun.sleep(5000)]);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };

  /** The simulator's controls, each resolving once what it caused is stored (the demo form redirects after). */
  function wrapControls(c: SimulatorControls): SimulatorControls {
    const settled = <T>(p: Promise<T>) =>
      p.then(async (v) => {
        await manager.idle();
        return v;
      });
    return {
      scan: (id, asPhone) => settled(c.scan(id, asPhone)),
      inject: (id, input) => settled(c.inject(id, input)),
      vote: (id, input) => settled(c.vote(id, input)),
      injectChange: (id, input) => settled(c.injectChange(id, input)),
      disconnect: (id) => settled(c.disconnect(id)),
      fail: (id, reason) => settled(c.fail(id, reason)),
      logoutFromPhone: (id) => settled(c.logoutFromPhone(id)),
      sent: (id) => c.sent(id),
      call: (id, input) => settled(c.call(id, input)),
      typing: (id, input) => settled(c.typing(id, input)),
      enterCode: (id, code) => settled(c.enterCode(id, code)),
      told: (id) => c.told(id),
    };
  }

  return manager;
}
