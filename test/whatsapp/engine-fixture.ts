import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { silentLogger } from "../../src/log.ts";
import { testConfig } from "../../src/config.ts";
import { createEngine } from "../../src/channels/engine.ts";
import type { SessionEvent } from "../../src/channels/sessions.ts";
import type { LiveEvent } from "../../src/messaging/live-hub.ts";
import type { ConversationRow } from "../../src/messaging/types.ts";
import type { EmitEvent } from "../../src/whatsapp/driver.ts";
import { createMediaStore } from "../../src/whatsapp/media-store.ts";
import { createSimulatorDriver, type SimulatorDriver } from "../../src/whatsapp/simulator/index.ts";
import { manualTimers } from "../../src/whatsapp/simulator/timers.ts";
import { addChannel, START } from "./fixtures.ts";

export type EngineOptions = {
  db?: Db;
  maxUploadBytes?: number;
  /** Replaces the media source of every live message (to make first downloads fail). */
  mediaOverride?: () => Promise<Uint8Array>;
  /** Runs as a session stops, before the simulator's own stop (a driver draining what it had queued). */
  whileStopping?: (channelId: number, emit: EmitEvent) => Promise<void>;
};

/**
 * The real services and session manager over an in-memory database and the simulator driver with
 * hand-cranked timers. `emit` reaches past the simulator to hand the manager any driver event.
 */
export function engineFixture(opts: EngineOptions = {}) {
  const db = opts.db ?? openDatabase(":memory:");
  if (!opts.db) migrate(db);
  let now = START;
  const clock = () => now;
  const timers = manualTimers();
  const sim = createSimulatorDriver({
    db,
    clock,
    timers,
    deliveredAfterMs: 300,
    readAfterMs: 1200,
    reconnectAfterMs: 1000,
  });
  const emitters = new Map<number, EmitEvent>();
  /** Channels whose device was logged out (unlinked from the phone), in order. */
  const logouts: number[] = [];
  const driver: SimulatorDriver = {
    ...sim,
    createSession(channelId, emit) {
      const wrapped: EmitEvent = (e) => {
        if (e.type === "message" && e.media && opts.mediaOverride)
          return emit({ ...e, media: { download: opts.mediaOverride } });
        return emit(e);
      };
      emitters.set(channelId, wrapped);
      const session = sim.createSession(channelId, wrapped);
      const logout = session.logout.bind(session);
      const stop = session.stop.bind(session);
      session.stop = async () => {
        await opts.whileStopping?.(channelId, wrapped);
        return stop();
      };
      session.logout = () => {
        logouts.push(channelId);
        return logout();
      };
      return session;
    },
  };
  const mediaDir = mkdtempSync(join(tmpdir(), "pairbox-engine-media-"));
  const media = createMediaStore(mediaDir);
  const linked: number[] = [];
  const config = testConfig({
    sendSpacingMs: 0,
    ...(opts.maxUploadBytes ? { maxUploadBytes: opts.maxUploadBytes } : {}),
  });
  const { services, sessions } = createEngine(
    { db, config, logger: silentLogger, clock },
    {
      media,
      driver,
      link: (_db, c: ConversationRow) => {
        linked.push(c.id);
        return [];
      },
    },
  );
  const sessionEvents: SessionEvent[] = [];
  sessions.on((e) => sessionEvents.push(e));
  const hubEvents: LiveEvent[] = [];
  services.hub.subscribe((e) => hubEvents.push(e));
  return {
    db,
    services,
    sessions,
    sim,
    media,
    mediaDir,
    linked,
    logouts,
    sessionEvents,
    hubEvents,
    channel: (phone = "+14155550100") => addChannel(db, phone),
    emit: (channelId: number, e: Parameters<EmitEvent>[0]) => emitters.get(channelId)!(e),
    clockNow: () => now,
    /** Moves both the clock and the simulator's timers. */
    advance(ms: number) {
      now += ms;
      timers.advance(ms);
    },
    files: () =>
      readdirSync(mediaDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name),
    row: <T = Record<string, unknown>>(sql: string, ...params: (string | number)[]) =>
      db.query<T, (string | number)[]>(sql).get(...params)!,
  };
}

export type EngineFixture = ReturnType<typeof engineFixture>;

/** A channel that is paired and connected. */
export async function connectedChannel(f: EngineFixture, phone?: string): Promise<number> {
  const id = f.channel(phone);
  await f.sessions.start(id);
  await f.sessions.simulator!.scan(id);
  return id;
}
