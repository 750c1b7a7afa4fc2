import type { Db } from "../../db/open.ts";
import { readSetting, saveSetting } from "../../db/settings.ts";

/** The simulator's "device keys": one settings row per paired channel, so a restart reconnects it. */
const key = (channelId: number) => `simulator.paired.${channelId}`;

export function isPaired(db: Db, channelId: number): boolean {
  return pairedValue(db, channelId) !== null;
}

function pairedValue(db: Db, channelId: number): string | null {
  return readSetting(db, key(channelId));
}

/** Paired (by the phone with `asPhone`, E.164, or by the channel's own number), or not. */
export function setPaired(db: Db, channelId: number, paired: boolean, asPhone: string | null = null): void {
  saveSetting(db, key(channelId), paired ? (asPhone ?? "1") : null);
}

/** The number of the simulated phone that paired: the one it scanned as, else the channel's own. */
export function ownPhone(db: Db, channelId: number): string {
  const scannedAs = pairedValue(db, channelId);
  if (scannedAs?.startsWith("+")) return scannedAs;
  return (
    db.query<{ phone_e164: string }, [number]>("SELECT phone_e164 FROM channels WHERE id = ?").get(channelId)
      ?.phone_e164 ?? "+10000000000"
  );
}
