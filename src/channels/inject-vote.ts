import type { Db } from "../db/open.ts";
import { newestPollWith } from "../messaging/polls.ts";
import type { SimulatorControls } from "../whatsapp/driver.ts";

/**
 * The demo form's vote: in the sender's newest poll, with options that poll has. Returns what is
 * wrong, for the text box, or null once the vote is stored.
 */
export async function injectVote(
  db: Db,
  simulator: SimulatorControls,
  channelId: number,
  fromPhone: string,
  name: string,
  options: string[],
): Promise<string | null> {
  const poll = newestPollWith(db, channelId, fromPhone);
  if (!poll) return "This sender's chat has no poll yet: send or inject one first.";
  const unknown = options.filter((o) => !poll.options.includes(o));
  if (unknown.length)
    return `Not an option of "${poll.question}": ${unknown.join(", ")}. Its options: ${poll.options.join(", ")}.`;
  if (poll.selectableCount === 1 && options.length > 1) return "This poll takes one answer only.";
  await simulator.vote(channelId, { pollWaId: poll.waId, fromPhone, name, options });
  return null;
}
