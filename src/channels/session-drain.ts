import type { DriverEvent, DriverSession } from "../whatsapp/driver.ts";

/**
 * Sessions on their way out. The driver has told WhatsApp it has each message it hands over, so a
 * session being stopped still hands over what it had queued (messages, receipts: WhatsApp will not
 * send them again); its statuses and pairing codes no longer count.
 */
export function createRetiring() {
  const retiring = new Set<DriverSession>();
  return {
    /** Stops a session that is no longer live, storing what it still had queued meanwhile. */
    async retire(s: DriverSession, stop: () => Promise<void>): Promise<void> {
      retiring.add(s);
      try {
        await stop();
      } finally {
        retiring.delete(s);
      }
    },
    /** Whether a session that is no longer live may still hand over this event. */
    accepts(s: DriverSession, event: DriverEvent): boolean {
      return retiring.has(s) && event.type !== "qr" && event.type !== "status" && event.type !== "connected";
    },
  };
}
