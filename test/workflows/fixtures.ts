import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { silentLogger } from "../../src/log.ts";
import { testConfig } from "../../src/config.ts";
import { createServices } from "../../src/messaging/services.ts";
import type { OutboundPayload } from "../../src/whatsapp/driver.ts";
import { createMediaStore } from "../../src/whatsapp/media-store.ts";
import { linkConversation, type RecordType } from "../../src/records/public.ts";
import { insertRecord, replacePhones } from "../../src/records/store.ts";
import { saveInvoice } from "../../src/records/invoices/store.ts";
import { installWorkflows } from "../../src/workflows/install.ts";
import { listRuns, runSteps } from "../../src/workflows/runs-store.ts";
import { insertWorkflow, type WorkflowInput } from "../../src/workflows/store.ts";
import type { Step } from "../../src/workflows/steps/index.ts";
import { makeTestApp } from "../helpers/app.ts";
import { insertUser } from "../../src/auth/users-store.ts";

export const HOUR = 60 * 60 * 1000;
export type Sent = { channelId: number; to: string; payload: OutboundPayload };

/**
 * Services with workflows installed over a real database (in memory, or a file to reopen after a
 * "restart"), the records feature's real linking, and a sender that records what went out (or
 * fails, as a disconnected channel would).
 */
export function makeWorkflowServices(
  opts: { dbPath?: string; mediaDir?: string; now?: number; mediaWaitMs?: number } = {},
) {
  const db = openDatabase(opts.dbPath ?? ":memory:");
  migrate(db);
  let now = opts.now ?? Date.UTC(2026, 0, 15, 9, 0, 0);
  const clock = () => now;
  const config = testConfig({ baseUrl: "http://pairbox.test" });
  const core = { db, config, logger: silentLogger, clock };
  const sent: Sent[] = [];
  const control = { failWith: null as string | null, seq: 0 };
  const mediaDir = opts.mediaDir ?? mkdtempSync(join(tmpdir(), "pairbox-wf-media-"));
  const services = createServices(core, {
    media: createMediaStore(mediaDir),
    sender: async (channelId, to, payload) => {
      if (control.failWith) throw new Error(control.failWith);
      sent.push({ channelId, to, payload });
      control.seq += 1;
      return `WFOUT${control.seq}-${now}`;
    },
    link: linkConversation,
    retryMedia: () => {},
  });
  installWorkflows(services, { ...core, mediaWaitMs: opts.mediaWaitMs ?? 0 });
  return {
    db,
    core,
    services,
    sent,
    clock,
    control,
    mediaDir,
    advance(ms: number) {
      now += ms;
    },
    /** Runs every step that is due now (and the steps they queue). */
    drain: () => services.jobs.drain(),
  };
}

export type WorkflowServices = ReturnType<typeof makeWorkflowServices>;

/** The app over services with workflows installed, so runs happen as they would in production. */
export function makeWorkflowApp() {
  const s = makeWorkflowServices();
  const t = makeTestApp({}, { db: s.db, clock: s.clock, services: s.services });
  return { ...t, s };
}

export function addWorkflow(
  t: WorkflowServices,
  recordType: WorkflowInput["recordType"],
  steps: Step[],
  over: Partial<WorkflowInput> = {},
): number {
  return insertWorkflow(
    t.db,
    { name: "Test workflow", recordType, enabled: true, pattern: "", steps, ...over },
    t.clock(),
  );
}

export function runsOf(t: WorkflowServices, workflowId: number) {
  return listRuns(t.db, workflowId)
    .reverse()
    .map((r) => ({ ...r, stepRows: runSteps(t.db, r.id) }));
}

export const send = (text: string, over: Partial<Extract<Step, { kind: "send_whatsapp" }>> = {}): Step => ({
  kind: "send_whatsapp",
  channel: "trigger",
  recipient: "sender",
  text,
  attachment: "none",
  file: null,
  ...over,
});

/** A record with a phone (and optionally an owner), through the records feature's own store. */
export function createRecord(
  t: WorkflowServices,
  type: RecordType,
  o: { name: string; phone?: string; ownerUserId?: number | null; groupJid?: string | null },
): number {
  const person = type === "contact" || type === "lead";
  const [first, ...rest] = o.name.split(" ");
  const id = insertRecord(
    t.db,
    type,
    {
      first_name: person ? first! : null,
      last_name: person ? rest.join(" ") || null : null,
      name: person ? "" : o.name,
      email: null,
      company: null,
      status: type === "case" ? "open" : type === "lead" ? "new" : null,
      stage: type === "deal" ? "proposal" : null,
      amount_cents: null,
      account_id: null,
      contact_id: null,
      owner_user_id: o.ownerUserId ?? null,
      group_jid: o.groupJid ?? null,
      notes: "",
    },
    t.clock(),
  );
  if (o.phone) replacePhones(t.db, { id, type }, [{ e164: o.phone, original: o.phone }]);
  return id;
}

export function createInvoice(
  t: WorkflowServices,
  recordId: number,
  number: string,
  kind: "invoice" | "quote" = "invoice",
): number {
  return saveInvoice(
    t.db,
    {
      kind,
      number,
      record_id: recordId,
      issue_date: "2026-01-10",
      status: "sent",
      tax_percent: 20,
      notes: "",
      lines: [{ description: "Kitchen fitting", quantity: 2, unit_price_cents: 12_500 }],
    },
    t.clock(),
    null,
  );
}

/** An active user with no permission sets or groups (cannot sign in: no real password). */
export function addPlainUser(t: WorkflowServices, name: string): number {
  return insertUser(
    t.db,
    {
      name,
      email: `${name.toLowerCase()}@example.com`,
      passwordHash: "x",
      active: true,
      permissionSetIds: [],
      groupIds: [],
    },
    0,
  );
}
