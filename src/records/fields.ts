/**
 * What each record type holds. One table stores all five types; this file says which columns a type
 * uses, how they are labelled and which values a select may take. Forms, validation, workflow field
 * updates and `record.*` data are all driven from here.
 */

export const RECORD_TYPES = ["contact", "lead", "account", "deal", "case"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export function isRecordType(value: string): value is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(value);
}

export const LEAD_STATUSES = ["new", "contacted", "qualified", "lost", "converted"] as const;
export const DEAL_STAGES = ["prospecting", "proposal", "negotiation", "won", "lost"] as const;
export const CASE_STATUSES = ["open", "pending", "resolved", "closed"] as const;

/** The columns of the records table that a form sets (the display `name` of people is derived). */
export type InputColumn = (typeof INPUT_COLUMNS)[number];
export const INPUT_COLUMNS = [
  "first_name",
  "last_name",
  "name",
  "email",
  "company",
  "status",
  "stage",
  "amount_cents",
  "account_id",
  "contact_id",
  "owner_user_id",
  "group_jid",
  "notes",
] as const;

/**
 * A column of the records table as a form shows it (`amount` is typed in units, stored as
 * `amount_cents`). `reference` fields pick another record.
 */
export type FieldDef = {
  name: Exclude<InputColumn, "amount_cents"> | "amount";
  label: string;
  kind: "text" | "email" | "number" | "select" | "textarea" | "account" | "contact" | "user" | "group";
  required?: boolean;
  options?: readonly string[];
};

const owner: FieldDef = { name: "owner_user_id", label: "Owner", kind: "user" };
const group: FieldDef = { name: "group_jid", label: "WhatsApp group", kind: "group" };
const notes: FieldDef = { name: "notes", label: "Notes", kind: "textarea" };
const account: FieldDef = { name: "account_id", label: "Account", kind: "account" };
const contact: FieldDef = { name: "contact_id", label: "Contact", kind: "contact" };
/** The fields every type ends with. */
const common: FieldDef[] = [owner, group, notes];
/** The fields every record about a person starts with (contacts and leads). */
const person: FieldDef[] = [
  { name: "first_name", label: "First name", kind: "text", required: true },
  { name: "last_name", label: "Last name", kind: "text" },
  { name: "email", label: "Email", kind: "email" },
];
/** What a record that is not a person is called: its `name`, under the type's own label. */
const title = (label: string): FieldDef => ({ name: "name", label, kind: "text", required: true });
/** A required pick from a fixed list (a lead's status, a deal's stage). */
const choice = (name: FieldDef["name"], label: string, options: readonly string[]): FieldDef => ({
  name,
  label,
  kind: "select",
  options,
  required: true,
});

export const FIELDS: Record<RecordType, FieldDef[]> = {
  contact: [...person, account, ...common],
  lead: [
    ...person,
    { name: "company", label: "Company", kind: "text" },
    choice("status", "Status", LEAD_STATUSES),
    ...common,
  ],
  account: [title("Company name"), { name: "email", label: "Email", kind: "email" }, ...common],
  deal: [
    title("Title"),
    account,
    contact,
    { name: "amount", label: "Amount", kind: "number" },
    choice("stage", "Stage", DEAL_STAGES),
    ...common,
  ],
  case: [title("Subject"), contact, account, choice("status", "Status", CASE_STATUSES), ...common],
};

const LABELS: Record<RecordType, [string, string]> = {
  contact: ["Contact", "Contacts"],
  lead: ["Lead", "Leads"],
  account: ["Account", "Accounts"],
  deal: ["Deal", "Deals"],
  case: ["Case", "Cases"],
};

export function recordTypeLabel(type: RecordType): string {
  return LABELS[type][0];
}

export function recordTypePlural(type: RecordType): string {
  return LABELS[type][1];
}

/** URL segment of a type's pages: /records/contacts, /records/cases, … */
export function typeSlug(type: RecordType): string {
  return `${type}s`;
}

export function typeFromSlug(slug: string): RecordType | null {
  const type = slug.endsWith("s") ? slug.slice(0, -1) : "";
  return isRecordType(type) ? type : null;
}

export function recordHref(type: RecordType, id: number): string {
  return `/records/${typeSlug(type)}/${id}`;
}

/** People have first and last names; the other types are named by one field. */
export function isPerson(type: RecordType): boolean {
  return type === "contact" || type === "lead";
}
