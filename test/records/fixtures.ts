import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { createIngest, type StoredMessage } from "../../src/messaging/ingest.ts";
import { attachDomainEvents, DomainEvents } from "../../src/messaging/events.ts";
import { listenForWebhookEvents } from "../../src/webhooks/install.ts";
import { linkConversation } from "../../src/records/public.ts";
import { createRecord } from "../../src/records/records.ts";
import { emptyInput } from "../../src/records/validate.ts";
import type { RecordType } from "../../src/records/fields.ts";
import type { RecordInput } from "../../src/records/store.ts";
import { makeChannel } from "../inbox/fixtures.ts";

/** A migrated database with the real ingest path wired to the records feature's linking. */
export function makeRecordsFixture() {
  const db = openDatabase(":memory:");
  migrate(db);
  let now = 1_700_000_000_000;
  const stored: StoredMessage[] = [];
  const domain = new DomainEvents();
  attachDomainEvents(db, domain);
  domain.on("message.stored", "inTransaction", ({ type: _, ...s }) => stored.push(s));
  // Webhooks listen as in the running app, so record.linked events are written with their links.
  listenForWebhookEvents(
    domain,
    () => ({ db, baseUrl: "", secret: "test-secret", now }),
    () => {},
  );
  const ingest = createIngest({ db, clock: () => now, link: linkConversation });
  const channelId = makeChannel(db);
  return {
    db,
    ingest,
    stored,
    channelId,
    tick: (ms: number) => (now += ms),
    now: () => now,
    /** A record with the given names and numbers (already E.164). */
    record(type: RecordType, name: string, phones: string[] = [], over: Partial<RecordInput> = {}) {
      const person = type === "contact" || type === "lead";
      const [first, ...rest] = name.split(" ");
      const input: RecordInput = {
        ...emptyInput(),
        ...(person ? { first_name: first!, last_name: rest.join(" ") || null } : { name }),
        ...over,
      };
      if (type === "lead") input.status ??= "new";
      if (type === "deal") input.stage ??= "prospecting";
      if (type === "case") input.status ??= "open";
      return createRecord(
        db,
        type,
        input,
        phones.map((e164) => ({ e164, original: e164 })),
        now,
      );
    },
  };
}
