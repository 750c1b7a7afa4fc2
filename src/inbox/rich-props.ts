import type { Db } from "../db/open.ts";
import { pollTally } from "../messaging/polls.ts";
import type { MessageRow } from "../messaging/types.ts";
import { recordsForPhones } from "../records/public.ts";
import { parseDetail } from "../whatsapp/rich.ts";
import type { RichProps } from "./views/message-rich.tsx";

/** What the bubbles of these messages show beyond their rows: poll tallies, the records of a card's numbers. */
export function richPropsFor(db: Db, messages: MessageRow[]): Map<number, RichProps> {
  const out = new Map<number, RichProps>();
  for (const m of messages) {
    const d = parseDetail(m.detail);
    if (d?.kind === "poll") out.set(m.id, { tally: pollTally(db, m) });
    if (d?.kind === "contacts") {
      const phones = d.contacts.flatMap((c) => c.phones.flatMap((p) => (p.e164 ? [p.e164] : [])));
      out.set(m.id, { records: recordsForPhones(db, phones) });
    }
  }
  return out;
}
