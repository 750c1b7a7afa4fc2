import type { Db } from "../db/open.ts";

/**
 * A channel's choices about what it tells WhatsApp (read receipts, typing, calls), and why pairing
 * cannot finish when WhatsApp blocks it. Read by the inbox and the session events on every use,
 * so a change on the settings form applies at once.
 */
export type ChannelOptions = {
  send_read_receipts: number;
  send_typing: number;
  reject_calls: number;
  /** "passkey" while WhatsApp demands a passkey to link this number; "" otherwise. */
  pairing_problem: string;
};

export type ChannelOptionValues = { readReceipts: boolean; typing: boolean; rejectCalls: boolean };

export function channelOptions(db: Db, channelId: number): ChannelOptions | null {
  return db
    .query<ChannelOptions, [number]>(
      "SELECT send_read_receipts, send_typing, reject_calls, pairing_problem FROM channels WHERE id = ?",
    )
    .get(channelId);
}

export function saveChannelOptions(db: Db, channelId: number, v: ChannelOptionValues, now: number): void {
  db.query(
    "UPDATE channels SET send_read_receipts = ?, send_typing = ?, reject_calls = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
  ).run(v.readReceipts ? 1 : 0, v.typing ? 1 : 0, v.rejectCalls ? 1 : 0, now, channelId);
}

export function savePairingProblem(db: Db, channelId: number, problem: string, now: number): void {
  db.query("UPDATE channels SET pairing_problem = ?, updated_at = ? WHERE id = ?").run(
    problem,
    now,
    channelId,
  );
}
