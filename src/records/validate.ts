import { z } from "zod";
import type { CountryCode } from "libphonenumber-js";
import type { Db } from "../db/open.ts";
import { findUser } from "../auth/users-store.ts";
import { FIELDS, INPUT_COLUMNS, type FieldDef, type RecordType } from "./fields.ts";
import { parsePhoneList } from "./phones.ts";
import type { PhoneInput, RecordInput, RecordRow } from "./store.ts";
import { cleanDisplayName } from "../display-name.ts";

/**
 * Record forms (and workflow field updates, and CSV rows) are checked here, field by field, so a
 * message can sit next to the field it is about.
 */

const GROUP_JID = /^[0-9]{5,25}(-[0-9]{5,15})?@g\.us$/;

/** "1,234.50" → 123450; null for blank. */
export function parseMoney(text: string): number | null | "invalid" {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return null;
  if (!/^-?\d{1,12}(\.\d{1,2})?$/.test(t)) return "invalid";
  return Math.round(Number(t) * 100);
}

// Short text fields are names and labels people see: cleaned by the one display-name cleaner.
const optionalText = (max: number) =>
  z
    .string()
    .transform((s) => cleanDisplayName(s, max + 1))
    .pipe(z.string().max(max, `At most ${max} characters`))
    .transform((s) => (s === "" ? null : s));

// Building a zod schema costs far more than using one: a CSV import validates thousands of rows.
const schemas = new WeakMap<FieldDef, z.ZodType<string | number | null>>();

function schemaFor(def: FieldDef): z.ZodType<string | number | null> {
  let schema = schemas.get(def);
  if (!schema) {
    schema = buildSchema(def);
    schemas.set(def, schema);
  }
  return schema;
}

function buildSchema(def: FieldDef): z.ZodType<string | number | null> {
  const blankOr = <T extends z.ZodType<string | number | null>>(inner: T) =>
    z.union([z.literal("").transform(() => null), inner]);
  switch (def.kind) {
    case "text":
      return def.required
        ? z
            .string()
            .transform((s) => cleanDisplayName(s, 201))
            .pipe(z.string().min(1, "Required").max(200, "At most 200 characters"))
        : optionalText(200);
    case "textarea":
      return z
        .string()
        .max(10_000, "At most 10,000 characters")
        .transform((s) => s.trim());
    case "email":
      return blankOr(
        z.string().trim().max(200, "At most 200 characters").pipe(z.email("Not a valid email address")),
      );
    case "number":
      return z.string().transform((s, ctx) => {
        const cents = parseMoney(s);
        if (cents === "invalid") {
          ctx.addIssue({ code: "custom", message: "A number such as 1250 or 1250.50" });
          return z.NEVER;
        }
        // A deal is worth nothing or something; negative amounts belong on invoice lines (discounts).
        if (cents !== null && cents < 0) {
          ctx.addIssue({ code: "custom", message: "An amount cannot be negative" });
          return z.NEVER;
        }
        return cents;
      });
    case "select":
      return z.string().refine((s) => def.options!.includes(s), `Pick one of: ${def.options!.join(", ")}`);
    case "group":
      return blankOr(z.string().trim().regex(GROUP_JID, "Not a WhatsApp group id (digits@g.us)"));
    case "account":
    case "contact":
    case "user":
      return blankOr(
        z
          .string()
          .regex(/^\d{1,12}$/, "Pick from the list")
          .transform(Number),
      );
  }
}

/** The column a field writes (the amount is stored in cents). */
function column(def: FieldDef): keyof RecordInput {
  return def.name === "amount" ? "amount_cents" : def.name;
}

function referenceOk(db: Db, def: FieldDef, value: number): boolean {
  if (def.kind === "user") return findUser(db, value) !== null;
  if (def.kind === "account" || def.kind === "contact")
    return db.query("SELECT 1 FROM records WHERE id = ? AND type = ?").get(value, def.kind) !== null;
  return true;
}

/** Checks one field's text; the parsed value or the message to show next to it. */
export function parseField(
  db: Db,
  def: FieldDef,
  raw: string,
): { ok: true; value: string | number | null } | { ok: false; error: string } {
  const r = schemaFor(def).safeParse(raw);
  if (!r.success) return { ok: false, error: r.error.issues[0]?.message ?? "Not valid" };
  if (typeof r.data === "number" && def.kind !== "number" && !referenceOk(db, def, r.data))
    return { ok: false, error: "No longer exists: pick again" };
  return { ok: true, value: r.data };
}

export function emptyInput(): RecordInput {
  return {
    first_name: null,
    last_name: null,
    name: "",
    email: null,
    company: null,
    status: null,
    stage: null,
    amount_cents: null,
    account_id: null,
    contact_id: null,
    owner_user_id: null,
    group_jid: null,
    notes: "",
  };
}

export function inputFromRow(row: RecordRow): RecordInput {
  return Object.fromEntries(INPUT_COLUMNS.map((column) => [column, row[column]])) as RecordInput;
}

export type FormResult =
  | { ok: true; input: RecordInput; phones: PhoneInput[] }
  | { ok: false; errors: Record<string, string> };

/** A whole record form: every field of the type plus the phones box. */
export function validateRecordForm(
  db: Db,
  type: RecordType,
  form: Record<string, string>,
  region: CountryCode | undefined,
): FormResult {
  const input = emptyInput();
  const errors: Record<string, string> = {};
  for (const def of FIELDS[type]) {
    const r = parseField(db, def, form[def.name] ?? "");
    if (r.ok) (input as Record<string, unknown>)[column(def)] = r.value;
    else errors[def.name] = r.error;
  }
  if (!errors.name && type !== "contact" && type !== "lead" && !input.name) errors.name = "Required";
  const phones = parsePhoneList(form.phones ?? "", region);
  if (!phones.ok) errors.phones = phones.error;
  if (Object.keys(errors).length > 0 || !phones.ok) return { ok: false, errors };
  return { ok: true, input, phones: phones.phones };
}

/** Sets one field of an existing record's input (workflow "Update a field"). */
export function applyField(
  db: Db,
  row: RecordRow,
  fieldName: string,
  raw: string,
): { ok: true; input: RecordInput } | { ok: false; error: string } {
  const def = FIELDS[row.type].find((f) => f.name === fieldName);
  if (!def) return { ok: false, error: `a ${row.type} has no field "${fieldName}"` };
  const r = parseField(db, def, raw);
  if (!r.ok) return { ok: false, error: `${def.label}: ${r.error}` };
  return { ok: true, input: { ...inputFromRow(row), [column(def)]: r.value } };
}
