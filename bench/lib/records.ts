import type { Db } from "../../src/db/open.ts";
import type { Features } from "./features.ts";
import { customerPhone } from "./seed.ts";

/**
 * Customers to link against: `count` records, half contacts and half leads, customer n holding
 * customerPhone(n). Seeded only when the records feature (and its linking) is present.
 */
export function seedRecords(db: Db, features: Features, count: number, now: number): { seeded: number; note?: string } {
  if (!features.linking) return { seeded: 0, note: "records feature not present" };
  void db;
  void now;
  void customerPhone;
  return { seeded: 0, note: "records seeding not wired yet" };
}

const PATTERNS = ["", "*invoice*", "YES*", "*receipt*", "*order*", "STOP", "*price*", "hello*", "*refund*", "*tomorrow*"];

/** 50 enabled Incoming WhatsApp workflows over contacts and leads, each with one notify step. */
export function seedWorkflows(db: Db, features: Features, count: number, now: number): number {
  const wf = features.workflowsModule;
  if (!wf) return 0;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      wf.insertWorkflow(db, {
        recordType: i % 2 === 0 ? "contact" : "lead",
        name: `Bench workflow ${i + 1}`,
        enabled: true,
        pattern: PATTERNS[i % PATTERNS.length]!,
        steps: [{ kind: "notify", target: "owner", text: "New message from {{ __data.incoming_whatsapp.display_name }}" }],
      }, now);
    }
  })();
  return count;
}
