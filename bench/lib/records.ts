import type { Db } from "../../src/db/open.ts";
import type { Features } from "./features.ts";
import { customerPhone } from "./seed.ts";

/**
 * Customers to link against: `count` records, half contacts and half leads, customer n holding
 * customerPhone(n). Seeded only when the records feature (and its linking) is present.
 */
export async function seedRecords(
  db: Db,
  features: Features,
  count: number,
  now: number,
  /** Who owns every record (a Notify step to the owner reaches them); none when left out. */
  ownerUserId: number | null = null,
): Promise<{ seeded: number; note?: string }> {
  if (!features.linking) return { seeded: 0, note: "records feature not present" };
  const store = await tryImport<RecordsStore>(RECORDS_STORE);
  if (!store?.insertRecord || !store.replacePhones)
    return { seeded: 0, note: "records store (insertRecord, replacePhones) not present" };
  const empty = {
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
    owner_user_id: ownerUserId,
    group_jid: null,
    notes: "",
  };
  db.transaction(() => {
    for (let n = 0; n < count; n++) {
      const type = n % 2 === 0 ? "contact" : "lead";
      const input =
        type === "contact"
          ? { ...empty, first_name: "Customer", last_name: String(n) }
          : {
              ...empty,
              first_name: "Lead",
              last_name: String(n),
              name: `Lead ${n}`,
              company: "Acme",
              status: "new",
            };
      const id = store.insertRecord(db, type, input, now);
      store.replacePhones(db, { id, type }, [{ e164: customerPhone(n), original: customerPhone(n) }]);
    }
  })();
  return { seeded: count };
}

type RecordsStore = {
  insertRecord(db: Db, type: string, input: Record<string, unknown>, now: number): number;
  replacePhones(
    db: Db,
    record: { id: number; type: string },
    phones: { e164: string; original: string }[],
  ): boolean;
};
const RECORDS_STORE = "../../src/records/store.ts";

async function tryImport<T>(path: string): Promise<T | null> {
  try {
    return (await import(path)) as T;
  } catch {
    return null;
  }
}

/**
 * Per record type: one workflow with a blank pattern (every message) and 24 with a keyword each, so a
 * typical message starts a run or two per linked record, as a real set of workflows would.
 */
const KEYWORDS = [
  "*invoice*",
  "YES*",
  "*receipt*",
  "STOP",
  "*price*",
  "*refund*",
  "*tomorrow*",
  "*order*",
  "*cancel*",
  "*address*",
  "*delivery*",
  "*quote*",
  "*urgent*",
  "*complaint*",
  "*booking*",
  "*payment*",
  "*photo*",
  "*contract*",
  "*discount*",
  "*help*",
  "*thanks*",
  "*table*",
  "*hotel*",
  "*train*",
];
const PATTERNS = ["", ...KEYWORDS];

/** `count` enabled Incoming WhatsApp workflows, alternating contacts and leads, each with one notify step. */
export function seedWorkflows(db: Db, features: Features, count: number, now: number): number {
  const wf = features.workflowsModule;
  if (!wf) return 0;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      wf.insertWorkflow(
        db,
        {
          recordType: i % 2 === 0 ? "contact" : "lead",
          name: `Bench workflow ${i + 1}`,
          enabled: true,
          pattern: PATTERNS[Math.floor(i / 2) % PATTERNS.length]!,
          steps: [
            {
              kind: "notify",
              target: "owner",
              text: "New message from {{ __data.incoming_whatsapp.display_name }}",
            },
          ],
        },
        now,
      );
    }
  })();
  return count;
}
