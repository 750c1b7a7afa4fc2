import type { Db } from "../db/open.ts";
import { activeUsers, findUser } from "../auth/users-store.ts";
import { groupSubject, knownGroups as groupsOnChannels } from "../messaging/conversations-store.ts";
import type { CurrentUser } from "../auth/principal.ts";
import { can } from "../auth/principal.ts";
import { accessibleChannelIds } from "../channels/access.ts";
import { FIELDS, type RecordType } from "./fields.ts";
import { getRecord, recordOptions, recordPhones, type PhoneRow, type RecordRow } from "./store.ts";
import { companySettings } from "./settings.ts";
import { attachmentsOf } from "./attachments.ts";
import { invoicesOf, formatCents } from "./invoices/store.ts";
import { recordTimeline } from "./timeline.ts";
import { recordLabels } from "./labels.ts";
import { listLabels } from "../messaging/labels.ts";
import type { FormOptions } from "./views/form.tsx";
import type { RecordPageData } from "./views/show.tsx";

/** What the record views need, gathered in one place so routes stay short. */

/** WhatsApp groups seen on channels this user may access: the choices for a record's group link. */
export function knownGroups(db: Db, user: CurrentUser): { jid: string; title: string }[] {
  return groupsOnChannels(db, accessibleChannelIds(db, user));
}

export function formOptions(db: Db, user: CurrentUser): FormOptions {
  return {
    users: activeUsers(db),
    accounts: recordOptions(db, "account"),
    contacts: recordOptions(db, "contact"),
    groups: knownGroups(db, user),
    region: companySettings(db).defaultRegion,
  };
}

/** A stored record as form text. */
export function formValues(db: Db, row: RecordRow): Record<string, string> {
  const values: Record<string, string> = { display: row.name };
  for (const def of FIELDS[row.type]) {
    if (def.name === "amount")
      values.amount = row.amount_cents === null ? "" : formatCents(row.amount_cents).replace(/,/g, "");
    else {
      const v = (row as Record<string, unknown>)[def.name];
      values[def.name] = v === null || v === undefined ? "" : String(v);
    }
  }
  values.phones = recordPhones(db, row.id)
    .map((p) => p.original)
    .join("\n");
  return values;
}

export function defaultValues(type: RecordType): Record<string, string> {
  const values: Record<string, string> = {};
  for (const def of FIELDS[type])
    if (def.kind === "select" && def.options) values[def.name] = def.options[0]!;
  return values;
}

/**
 * The WhatsApp button's recipient: the record's own first number; a deal or case with none (their
 * phone is optional) writes to its contact, else its account, so the page can still reach the customer.
 */
function whatsappRecipient(
  db: Db,
  row: RecordRow,
  phones: PhoneRow[],
  refs: (RecordRow | null)[],
): { e164: string; via: string | null } | null {
  if (phones[0]) return { e164: phones[0].e164, via: null };
  if (row.type !== "deal" && row.type !== "case") return null;
  for (const ref of refs) {
    const first = ref ? recordPhones(db, ref.id)[0] : undefined;
    if (ref && first) return { e164: first.e164, via: ref.name };
  }
  return null;
}

export function recordPageData(
  db: Db,
  user: CurrentUser,
  row: RecordRow,
): Omit<RecordPageData, "notice" | "attachmentError"> {
  const ref = (id: number | null) => (id ? getRecord(db, id) : null);
  const account = ref(row.account_id);
  const contact = ref(row.contact_id);
  const owner = row.owner_user_id ? (findUser(db, row.owner_user_id)?.name ?? null) : null;
  // The subject is a group's content: shown only from a channel this person may use.
  const usable = row.group_jid ? accessibleChannelIds(db, user) : [];
  const group = row.group_jid ? groupSubject(db, usable, row.group_jid) : null;
  const invoicing = row.type === "contact" || row.type === "account" || row.type === "deal";
  const phones = recordPhones(db, row.id);
  return {
    record: row,
    phones,
    whatsapp: whatsappRecipient(db, row, phones, [contact, account]),
    attachments: attachmentsOf(db, row.id),
    invoices: invoicing ? invoicesOf(db, row.id) : null,
    currency: companySettings(db).currency,
    timeline: recordTimeline(db, user, row.id),
    refs: {
      account: account ? { id: account.id, name: account.name } : null,
      contact: contact ? { id: contact.id, name: contact.name } : null,
      owner,
      group,
    },
    canEdit: can(user, "records.edit"),
    labels: { mine: recordLabels(db, row.id), all: listLabels(db) },
  };
}
