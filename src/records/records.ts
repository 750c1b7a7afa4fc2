import { write } from "../db/write.ts";
import type { Db } from "../db/open.ts";
import type { RecordType } from "./fields.ts";
import { linkExistingConversations, unlinkStale } from "./linking.ts";
import {
  getRecord,
  insertRecord,
  replacePhones,
  updateRecord,
  type PhoneInput,
  type RecordInput,
  type RecordRow,
} from "./store.ts";

/**
 * Writing records: each change commits with its phones and its conversation links, so a record
 * saved with a number already shows that number's conversations (and the webhook says so).
 */

export function createRecord(
  db: Db,
  type: RecordType,
  input: RecordInput,
  phones: PhoneInput[],
  now: number,
): RecordRow {
  return write(db, () => {
    const id = insertRecord(db, type, input, now);
    replacePhones(db, { id, type }, phones);
    const row = getRecord(db, id)!;
    linkExistingConversations(db, row, now);
    return row;
  });
}

/** Saves an edit; when the numbers or the group changed, links follow them. */
export function saveRecord(
  db: Db,
  record: RecordRow,
  input: RecordInput,
  phones: PhoneInput[] | null,
  now: number,
): RecordRow {
  return write(db, () => {
    updateRecord(db, record, input, now);
    const phonesChanged = phones !== null && replacePhones(db, record, phones);
    const row = getRecord(db, record.id)!;
    if (phonesChanged || row.group_jid !== record.group_jid) {
      unlinkStale(db, row);
      linkExistingConversations(db, row, now);
    }
    return row;
  });
}
