import { migrate } from "../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import type { DriverEvent } from "../../src/whatsapp/driver.ts";
import { createSimulatorDriver, type SimulatorOptions } from "../../src/whatsapp/simulator/index.ts";
import { manualTimers } from "../../src/whatsapp/simulator/timers.ts";

export const START = Date.UTC(2026, 0, 15, 9, 0, 0);

/** A channel row as the channels page creates it (pending, not yet paired). */
export function addChannel(db: Db, phone: string): number {
  return Number(
    db
      .query("INSERT INTO channels (phone_e164, name, created_at, updated_at) VALUES (?, '', 0, 0)")
      .run(phone).lastInsertRowid,
  );
}

/** The simulator over a fresh database with hand-cranked timers. */
export function simulatorFixture(opts: Partial<SimulatorOptions> & { db?: Db } = {}) {
  const db = opts.db ?? openDatabase(":memory:");
  if (!opts.db) migrate(db);
  const timers = manualTimers();
  let now = START;
  const clock = () => now;
  const driver = createSimulatorDriver({ clock, timers, ...opts, db });
  const channelId = addChannel(db, "+14155550100");
  const events: DriverEvent[] = [];
  const session = (id = channelId) => driver.createSession(id, (e) => void events.push(e));
  return {
    db,
    driver,
    timers,
    channelId,
    events,
    session,
    advance(ms: number) {
      now += ms;
      timers.advance(ms);
    },
  };
}
