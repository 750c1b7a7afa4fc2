import type { Clock } from "../clock.ts";
import type { Db } from "../db/open.ts";
import type { Logger } from "../log.ts";
import { normalizePhone, phoneFromJid } from "../phone.ts";
import type { DriverSession, WhatsAppDriver } from "../whatsapp/driver.ts";
import { saveStatus, sessionChannel } from "./session-store.ts";

/**
 * Anyone who scans a channel's pairing code links their own phone to it. Whatever the driver, the
 * number it reports on connecting must be the channel's; a stranger's phone is unlinked at once.
 */

/** Why the phone that connected may not be this channel; null when it is the channel's own number. */
export function pairedNumberRefusal(channelPhone: string, ownJid: string): string | null {
  const reported = phoneFromJid(ownJid);
  const paired = reported ? normalizePhone(reported) : null;
  if (!paired?.ok)
    return `Paired, but WhatsApp did not say with which number: this channel is ${channelPhone}`;
  const channel = normalizePhone(channelPhone);
  if (channel.ok && channel.e164 === paired.e164) return null;
  return `Paired with ${paired.e164}, but this channel is ${channelPhone}`;
}

type GuardDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  driver: WhatsAppDriver;
  /** Forgets the refused session, so nothing it says later is applied. */
  drop: (channelId: number) => void;
  announce: (channelId: number) => void;
  track: <T>(p: Promise<T>) => Promise<T>;
};

export function createPairingGuard(deps: GuardDeps) {
  const { db, clock, logger, driver } = deps;
  const unlinking = new Map<number, Promise<void>>();

  async function unlink(channelId: number, session: DriverSession): Promise<void> {
    try {
      await session.logout();
    } catch (err) {
      logger.warn({ err, channelId }, "logging out a phone with the wrong number failed; keys wiped anyway");
    }
    await session.stop().catch(() => {});
    driver.forget(channelId);
  }

  return {
    /**
     * A session reported it connected as ownJid: true when that is the channel's number. Otherwise
     * the session is dropped, the channel shows the error, and the device is logged out (the
     * stranger's phone no longer lists it) with its keys and caches wiped.
     */
    admit(channelId: number, session: DriverSession, ownJid: string): boolean {
      const ch = sessionChannel(db, channelId);
      if (!ch) return false;
      const refusal = pairedNumberRefusal(ch.phone_e164, ownJid);
      if (refusal === null) return true;
      deps.drop(channelId);
      saveStatus(db, channelId, "error", refusal, clock());
      deps.announce(channelId);
      logger.warn({ channelId, reason: refusal }, "refused a phone that paired with another number");
      const done = unlink(channelId, session).finally(() => unlinking.delete(channelId));
      unlinking.set(channelId, done);
      deps.track(done);
      return false;
    },
    /** Resolves once a refused phone is unlinked, so a new session never starts on keys about to be wiped. */
    async settled(channelId: number): Promise<void> {
      await unlinking.get(channelId);
    },
  };
}
