import type { Db } from "../db/open.ts";
import { write } from "../db/write.ts";
import type { PollVote } from "../whatsapp/driver.ts";
import { parseDetail, type PollDetail } from "../whatsapp/rich.ts";
import { findConversation } from "./conversations-store.ts";
import { emit } from "./events.ts";
import { findMessageByWaId } from "./store.ts";
import type { MessageRow } from "./types.ts";

/**
 * Poll votes: each voter's current selection (a later vote replaces the earlier, an empty one
 * withdraws it), and the tally the bubble, the API and the `poll.vote` webhook show.
 */

export type PollVoter = { voter: string; phone: string | null; name: string; options: string[]; at: number };
export type PollTally = {
  question: string;
  options: { name: string; votes: number; voters: { phone: string | null; name: string }[] }[];
  selectableCount: number;
  voters: number;
};

type VoteRow = {
  voter: string;
  voter_phone: string | null;
  voter_name: string;
  options: string;
  voted_at: number;
};

/** Stores a vote in a poll this channel knows; false when the poll is not (or not yet) stored. */
export function recordPollVote(db: Db, channelId: number, vote: PollVote): boolean {
  return write(db, (tx) => {
    const poll = findMessageByWaId(db, channelId, vote.pollWaId);
    const detail = poll ? parseDetail(poll.detail) : null;
    if (!poll || detail?.kind !== "poll") return false;
    // Only options the poll has count: a vote naming others was not made on this poll.
    const options = vote.options.filter((o) => detail.options.includes(o));
    const earlier = db
      .query<{ voted_at: number }, [number, string]>(
        "SELECT voted_at FROM poll_votes WHERE message_id = ? AND voter = ?",
      )
      .get(poll.id, vote.voterJid);
    // Votes may arrive out of order (offline queue, retries): the newest selection wins.
    if (earlier && earlier.voted_at > vote.timestamp) return true;
    db.query(
      `INSERT INTO poll_votes (message_id, voter, voter_phone, voter_name, options, voted_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id, voter) DO UPDATE SET voter_phone = coalesce(excluded.voter_phone, voter_phone),
         voter_name = CASE WHEN excluded.voter_name = '' THEN voter_name ELSE excluded.voter_name END,
         options = excluded.options, voted_at = excluded.voted_at`,
    ).run(
      poll.id,
      vote.voterJid,
      vote.voterPhone,
      vote.voterName.slice(0, 200),
      JSON.stringify(options),
      vote.timestamp,
    );
    const conversation = findConversation(db, poll.conversation_id)!;
    const voter = {
      voter: vote.voterJid,
      phone: vote.voterPhone,
      name: vote.voterName,
      options,
      at: vote.timestamp,
    };
    emit(tx, { type: "poll.voted", message: poll, conversation, voter, tally: pollTally(db, poll)! });
    return true;
  });
}

export function pollVoters(db: Db, messageId: number): PollVoter[] {
  return db
    .query<VoteRow, [number]>(
      "SELECT voter, voter_phone, voter_name, options, voted_at FROM poll_votes WHERE message_id = ? ORDER BY voted_at, voter",
    )
    .all(messageId)
    .map((r) => ({
      voter: r.voter,
      phone: r.voter_phone,
      name: r.voter_name,
      options: JSON.parse(r.options) as string[],
      at: r.voted_at,
    }));
}

/** The poll's options with their votes and voters; null when the message is not a poll. */
export function pollTally(db: Db, m: MessageRow): PollTally | null {
  const detail = parseDetail(m.detail);
  if (detail?.kind !== "poll") return null;
  return tallyOf(detail, pollVoters(db, m.id));
}

export function tallyOf(poll: PollDetail, voters: PollVoter[]): PollTally {
  const counted = voters.filter((v) => v.options.length > 0);
  return {
    question: poll.question,
    selectableCount: poll.selectableCount,
    voters: counted.length,
    options: poll.options.map((name) => {
      const chose = counted.filter((v) => v.options.includes(name));
      return { name, votes: chose.length, voters: chose.map((v) => ({ phone: v.phone, name: v.name })) };
    }),
  };
}

/** The newest poll in a person's direct chat on a channel (the demo form votes in it). */
export function newestPollWith(
  db: Db,
  channelId: number,
  phone: string,
): (PollDetail & { waId: string }) | null {
  const row = db
    .query<{ wa_id: string; detail: string }, [number, string]>(
      `SELECT m.wa_id, m.detail FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.channel_id = ? AND c.kind = 'direct' AND c.peer_phone = ? AND m.type = 'poll' AND m.wa_id IS NOT NULL
       ORDER BY m.id DESC LIMIT 1`,
    )
    .get(channelId, phone);
  const detail = row ? parseDetail(row.detail) : null;
  return row && detail?.kind === "poll" ? { ...detail, waId: row.wa_id } : null;
}
