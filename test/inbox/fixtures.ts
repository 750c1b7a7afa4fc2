import { migrate } from "../../src/db/migrate.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { createIngest, type StoredMessage } from "../../src/messaging/ingest.ts";
import { connectLiveHub, LiveHub, type LiveEvent } from "../../src/messaging/live-hub.ts";
import { attachDomainEvents, DomainEvents } from "../../src/messaging/events.ts";
import type { IncomingMessage } from "../../src/whatsapp/driver.ts";

export function makeChannel(db: Db, phone = "+14155550100", access = '{"all":true}'): number {
  return Number(
    db
      .query(
        "INSERT INTO channels (phone_e164, name, access, status, created_at, updated_at) VALUES (?, ?, ?, 'connected', 0, 0)",
      )
      .run(phone, `Line ${phone.slice(-4)}`, access).lastInsertRowid,
  );
}

let seq = 0;
/** A plain inbound direct text, as a driver would hand it over. */
export function inbound(channelId: number, over: Partial<IncomingMessage> = {}): IncomingMessage {
  seq += 1;
  const phone = over.peerPhone ?? "+447700900123";
  return {
    channelId,
    waId: `WA${seq}`,
    chatJid: `${phone.slice(1)}@s.whatsapp.net`,
    kind: "direct",
    direction: "inbound",
    senderPhone: phone,
    senderLid: null,
    senderName: "Ann",
    peerPhone: phone,
    peerLid: null,
    text: `hello ${seq}`,
    type: "text",
    timestamp: 1_700_000_000_000 + seq * 1000,
    ...over,
  };
}

export function makeIngestFixture() {
  const db = openDatabase(":memory:");
  migrate(db);
  const hub = new LiveHub();
  const events: LiveEvent[] = [];
  hub.subscribe((e) => events.push(e));
  const stored: StoredMessage[] = [];
  const domain = new DomainEvents();
  attachDomainEvents(db, domain);
  connectLiveHub(domain, hub);
  domain.on("message.stored", "inTransaction", ({ type: _, ...s }) => stored.push(s));
  let now = 1_700_000_000_000;
  const ingest = createIngest({ db, clock: () => now, link: () => [] });
  return {
    db,
    hub,
    domain,
    events,
    stored,
    ingest,
    channelId: makeChannel(db),
    tick: (ms: number) => (now += ms),
  };
}
