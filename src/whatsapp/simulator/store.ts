import type { Db } from "../../db/open.ts";

/** The simulator's "device keys": one settings row per paired channel, so a restart reconnects it. */
const key = (channelId: number) => `simulator.paired.${channelId}`;

export function isPaired(db: Db, channelId: number): boolean {
  return (
    db.query<{ value: string }, [string]>("SELECT value FROM settings WHERE key = ?").get(key(channelId)) !==
    null
  );
}

export function setPaired(db: Db, channelId: number, paired: boolean): void {
  if (paired)
    db.query(
      "INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
    ).run(key(channelId));
  else db.query("DELETE FROM settings WHERE key = ?").run(key(channelId));
}

/** The channel's own number: the simulated phone's JID once paired. */
export function ownPhone(db: Db, channelId: number): string {
  return (
    db.query<{ phone_e164: string }, [number]>("SELECT phone_e164 FROM channels WHERE id = ?").get(channelId)
      ?.phone_e164 ?? "+10000000000"
  );
}
