import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./layers.ts";

/**
 * Which feature owns each table: the only folder whose code may hold SQL naming it. Others call the
 * owner's exported functions. (README, Development: "Each table has one owner".)
 */
export const TABLE_OWNERS: Record<string, string> = {
  schema_migrations: "src/db/",
  messages: "src/messaging/",
  conversations: "src/messaging/",
  conversation_links: "src/messaging/",
  conversation_reads: "src/messaging/",
  conversation_unread: "src/messaging/",
  conversations_names: "src/messaging/",
  conversation_status_changes: "src/messaging/",
  conversation_openings: "src/messaging/",
  message_counts: "src/messaging/",
  conversation_notes: "src/messaging/",
  note_mentions: "src/messaging/",
  labels: "src/messaging/",
  conversation_labels: "src/messaging/",
  record_labels: "src/records/",
  conversation_assignments: "src/messaging/",
  messages_fts: "src/messaging/",
  message_receipts: "src/messaging/",
  poll_votes: "src/messaging/",
  message_reactions: "src/messaging/",
  message_edits: "src/messaging/",
  message_actions: "src/messaging/",
  calls: "src/messaging/",
  channels: "src/channels/",
  ingest_failures: "src/channels/",
  channel_business_hours: "src/channels/",
  users: "src/auth/",
  sessions: "src/auth/",
  permission_sets: "src/auth/",
  user_permission_sets: "src/auth/",
  user_groups: "src/auth/",
  access_version: "src/auth/",
  user_group_members: "src/auth/",
  login_attempts: "src/auth/",
  settings: "src/db/",
  records: "src/records/",
  record_phones: "src/records/",
  record_attachments: "src/records/",
  record_id_high_water: "src/records/",
  invoices: "src/records/",
  invoice_lines: "src/records/",
  templates: "src/templates/",
  jobs: "src/jobs/",
  webhook_endpoints: "src/webhooks/",
  webhook_events: "src/webhooks/",
  webhook_deliveries: "src/webhooks/",
  api_keys: "src/api/",
  workflows: "src/workflows/",
  workflow_runs: "src/workflows/",
  workflow_run_steps: "src/workflows/",
  workflow_channels: "src/workflows/",
  workflow_once_marks: "src/workflows/",
  notifications: "src/notifications/",
  push_subscriptions: "src/push/",
  push_preferences: "src/push/",
  wa_auth_creds: "src/whatsapp/",
  wa_auth_keys: "src/whatsapp/",
  wa_groups: "src/whatsapp/",
  wa_lid_map: "src/whatsapp/",
  wa_lid_refused: "src/whatsapp/",
  wa_raw_messages: "src/whatsapp/",
  wa_poll_keys: "src/whatsapp/",
};

/** The tables a piece of code names in SQL: after FROM, JOIN, INTO, UPDATE or TABLE (SQL is upper case here). */
export function tablesIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_]+)\b/g)) names.add(m[1]!);
  return [...names].filter((n) => n in TABLE_OWNERS);
}

/**
 * Reads that still cross an owner's line, each with its reason. The list only shrinks: a new entry
 * needs a reason as good as these.
 */
export const KNOWN_CROSSINGS: { file: string; table: string; why: string }[] = [
  {
    file: "src/messaging/store.ts",
    table: "channels",
    why: "the inbox list joins each row's channel name and prefix in one indexed query",
  },
  {
    file: "src/messaging/search.ts",
    table: "channels",
    why: "search results join each row's channel name and prefix in one indexed query, as the list does",
  },
  {
    file: "src/whatsapp/simulator/store.ts",
    table: "channels",
    why: "the simulated phone answers as the channel's number, and the driver sits below channels",
  },
];

export type OwnershipViolation = { file: string; table: string; owner: string };

export function ownershipViolations(files: { path: string; text?: string }[]): OwnershipViolation[] {
  const out: OwnershipViolation[] = [];
  for (const f of files) {
    const text = f.text ?? readFileSync(join(ROOT, f.path), "utf8");
    for (const table of tablesIn(text)) {
      const owner = TABLE_OWNERS[table]!;
      if (f.path.startsWith(owner)) continue;
      if (KNOWN_CROSSINGS.some((k) => k.file === f.path && k.table === table)) continue;
      out.push({ file: f.path, table, owner });
    }
  }
  return out;
}
