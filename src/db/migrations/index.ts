import m0001 from "./0001_foundation.sql" with { type: "text" };
import m0002 from "./0002_messaging.sql" with { type: "text" };
import m0003 from "./0003_whatsapp.sql" with { type: "text" };
import m0004 from "./0004_records.sql" with { type: "text" };
import m0005 from "./0005_templates.sql" with { type: "text" };
import m0006 from "./0006_jobs.sql" with { type: "text" };
import m0007 from "./0007_integrations.sql" with { type: "text" };
import m0008 from "./0008_workflows.sql" with { type: "text" };
import m0009 from "./0009_record_ids.sql" with { type: "text" };
import m0010 from "./0010_inbox_filters.sql" with { type: "text" };
import m0011 from "./0011_outbound_in_flight.sql" with { type: "text" };
import m0012 from "./0012_workflow_scope.sql" with { type: "text" };
import m0013 from "./0013_login_attempts_reserved.sql" with { type: "text" };
import m0014 from "./0014_integrations_scope.sql" with { type: "text" };
import m0015 from "./0015_receipts_ingest_failures.sql" with { type: "text" };
import m0016 from "./0016_phone_reads.sql" with { type: "text" };
import m0017 from "./0017_query_indexes.sql" with { type: "text" };
import m0018 from "./0018_lid_corrections.sql" with { type: "text" };
import m0019 from "./0019_conversation_status.sql" with { type: "text" };
import m0020 from "./0020_reactions_edits_deletes.sql" with { type: "text" };
import m0021 from "./0021_rich_messages.sql" with { type: "text" };
import m0022 from "./0022_calls_presence.sql" with { type: "text" };
import m0023 from "./0023_assignment.sql" with { type: "text" };
import m0024 from "./0024_notes_labels.sql" with { type: "text" };
import m0025 from "./0025_business_hours_reports.sql" with { type: "text" };
import m0026 from "./0026_unread_fill.sql" with { type: "text" };
import m0027 from "./0027_web_push.sql" with { type: "text" };
import m0028 from "./0028_report_openings.sql" with { type: "text" };
import m0029 from "./0029_access_version.sql" with { type: "text" };

export type Migration = { version: number; name: string; sql: string };

/**
 * Every migration, in order. Imported as text so `bun build --compile` embeds them.
 * Never edit a migration once it has landed: add the next number.
 */
export const migrations: Migration[] = [
  { version: 1, name: "0001_foundation", sql: m0001 },
  { version: 2, name: "0002_messaging", sql: m0002 },
  { version: 3, name: "0003_whatsapp", sql: m0003 },
  { version: 4, name: "0004_records", sql: m0004 },
  { version: 5, name: "0005_templates", sql: m0005 },
  { version: 6, name: "0006_jobs", sql: m0006 },
  { version: 7, name: "0007_integrations", sql: m0007 },
  { version: 8, name: "0008_workflows", sql: m0008 },
  { version: 9, name: "0009_record_ids", sql: m0009 },
  { version: 10, name: "0010_inbox_filters", sql: m0010 },
  { version: 11, name: "0011_outbound_in_flight", sql: m0011 },
  { version: 12, name: "0012_workflow_scope", sql: m0012 },
  { version: 13, name: "0013_login_attempts_reserved", sql: m0013 },
  { version: 14, name: "0014_integrations_scope", sql: m0014 },
  { version: 15, name: "0015_receipts_ingest_failures", sql: m0015 },
  { version: 16, name: "0016_phone_reads", sql: m0016 },
  { version: 17, name: "0017_query_indexes", sql: m0017 },
  { version: 18, name: "0018_lid_corrections", sql: m0018 },
  { version: 19, name: "0019_conversation_status", sql: m0019 },
  { version: 20, name: "0020_reactions_edits_deletes", sql: m0020 },
  { version: 21, name: "0021_rich_messages", sql: m0021 },
  { version: 22, name: "0022_calls_presence", sql: m0022 },
  { version: 23, name: "0023_assignment", sql: m0023 },
  { version: 24, name: "0024_notes_labels", sql: m0024 },
  { version: 25, name: "0025_business_hours_reports", sql: m0025 },
  { version: 26, name: "0026_unread_fill", sql: m0026 },
  { version: 27, name: "0027_web_push", sql: m0027 },
  { version: 28, name: "0028_report_openings", sql: m0028 },
  { version: 29, name: "0029_access_version", sql: m0029 },
];
