import { describe, expect, test } from "bun:test";
import { conversationLinks, recordsLinkedTo } from "../../src/records/public.ts";
import { saveRecord } from "../../src/records/records.ts";
import { inputFromRow } from "../../src/records/validate.ts";
import { inbound } from "../inbox/fixtures.ts";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { makeRecordsFixture } from "./fixtures.ts";
import { keyOwner } from "../webhooks/fixtures.ts";
const GROUP = "120363041234567890@g.us";

function webhookEvents(db: ReturnType<typeof makeRecordsFixture>["db"]) {
  return (
    db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM webhook_events WHERE type = 'record.linked'").get()
      ?.n ?? 0
  );
}

describe("linking a conversation to records", () => {
  test("a direct message links to every record holding the sender's number, contact and lead alike", () => {
    const f = makeRecordsFixture();
    const contact = f.record("contact", "Ann Lee", ["+447700900123"]);
    const lead = f.record("lead", "Ann Prospect", ["+447700900123"]);
    f.record("contact", "Someone Else", ["+447700900999"]);
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    const links = f.stored[0]!.links;
    expect(links).toEqual([
      { type: "contact", id: contact.id },
      { type: "lead", id: lead.id },
    ]);
    expect(conversationLinks(f.db, f.stored[0]!.conversation.id).map((l) => l.name)).toEqual([
      "Ann Lee",
      "Ann Prospect",
    ]);
  });

  test("a group message links by the group id, not to the member who wrote", () => {
    const f = makeRecordsFixture();
    const member = f.record("contact", "Member Person", ["+447700900123"]);
    const account = f.record("account", "Acme Ltd", [], { group_jid: GROUP });
    f.ingest.ingest(
      inbound(f.channelId, {
        kind: "group",
        chatJid: GROUP,
        peerPhone: null,
        senderPhone: "+447700900123",
        groupSubject: "Acme support",
      }),
    );
    expect(f.stored[0]!.links).toEqual([{ type: "account", id: account.id }]);
    expect(recordsLinkedTo(f.db, f.stored[0]!.conversation.id, "contact")).toEqual([]);
    expect(member.id).toBeGreaterThan(0);
  });

  test("an unknown sender's conversation stays unlinked", () => {
    const f = makeRecordsFixture();
    f.record("contact", "Ann Lee", ["+447700900123"]);
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+33612345678" }));
    expect(f.stored[0]!.links).toEqual([]);
    expect(conversationLinks(f.db, f.stored[0]!.conversation.id)).toEqual([]);
  });

  test("a record created later links the conversations that already exist with its number", () => {
    const f = makeRecordsFixture();
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    const conversationId = f.stored[0]!.conversation.id;
    expect(recordsLinkedTo(f.db, conversationId)).toEqual([]);
    const contact = f.record("contact", "Late Comer", ["+447700900123"]);
    expect(recordsLinkedTo(f.db, conversationId)).toEqual([{ type: "contact", id: contact.id }]);
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    expect(f.stored[1]!.links).toEqual([{ type: "contact", id: contact.id }]);
  });

  test("changing a record's phone moves its links to the new number's conversations", () => {
    const f = makeRecordsFixture();
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900456" }));
    const [oldConv, newConv] = [f.stored[0]!.conversation.id, f.stored[1]!.conversation.id];
    const contact = f.record("contact", "Ann Lee", ["+447700900123"]);
    expect(recordsLinkedTo(f.db, oldConv)).toHaveLength(1);
    saveRecord(
      f.db,
      contact,
      inputFromRow(contact),
      [{ e164: "+447700900456", original: "07700 900456" }],
      f.now(),
    );
    expect(recordsLinkedTo(f.db, oldConv)).toEqual([]);
    expect(recordsLinkedTo(f.db, newConv)).toEqual([{ type: "contact", id: contact.id }]);
  });

  test("linking a group to a record later links the group's conversation", () => {
    const f = makeRecordsFixture();
    f.ingest.ingest(
      inbound(f.channelId, { kind: "group", chatJid: GROUP, peerPhone: null, senderPhone: "+447700900123" }),
    );
    const theCase = f.record("case", "Broken widget");
    saveRecord(f.db, theCase, { ...inputFromRow(theCase), group_jid: GROUP }, null, f.now());
    expect(recordsLinkedTo(f.db, f.stored[0]!.conversation.id)).toEqual([{ type: "case", id: theCase.id }]);
  });

  test("each new link is announced once as record.linked; later messages do not link again", () => {
    const f = makeRecordsFixture();
    insertEndpoint(
      f.db,
      {
        name: "CRM",
        url: "https://crm.example.com/hook",
        events: ["record.linked"],
        channelIds: [],
        active: true,
      },
      0,
      keyOwner(f.db),
    );
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    expect(webhookEvents(f.db)).toBe(0);
    f.record("contact", "Ann Lee", ["+447700900123"]);
    expect(webhookEvents(f.db)).toBe(1);
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    f.record("lead", "Ann Lead", ["+447700900123"]);
    expect(f.stored[1]!.links).toHaveLength(1);
    expect(webhookEvents(f.db)).toBe(2);
  });

  test("matching the sender is one lookup on the phone index", () => {
    const f = makeRecordsFixture();
    const plan = f.db
      .query<{ detail: string }, [string]>(
        "EXPLAIN QUERY PLAN SELECT record_type, record_id FROM record_phones WHERE e164 = ?",
      )
      .all("+447700900123");
    expect(plan.map((p) => p.detail).join(" ")).toContain("USING INDEX record_phones_by_e164");
  });
});

describe("contacts through the REST API adapter", () => {
  test("creating validates and normalises like the form, and links existing conversations", async () => {
    const { recordsContactsAdapter } = await import("../../src/records/api-contacts.ts");
    const f = makeRecordsFixture();
    f.ingest.ingest(inbound(f.channelId, { peerPhone: "+447700900123" }));
    const made = recordsContactsAdapter.create(
      f.db,
      { name: "Ann Lee", phones: ["0044 7700 900123"], email: "ann@example.com" },
      f.now(),
    );
    expect(made.ok && made.contact).toMatchObject({
      name: "Ann Lee",
      phones: [{ e164: "+447700900123", raw: "0044 7700 900123" }],
    });
    expect(recordsLinkedTo(f.db, f.stored[0]!.conversation.id, "contact")).toHaveLength(1);
    expect(recordsContactsAdapter.create(f.db, { name: "Bad", phones: ["12"] }, f.now())).toEqual({
      ok: false,
      field: "phones",
      message: '"12": write the number with its country code, e.g. +447700900123',
    });
    expect(
      recordsContactsAdapter
        .list(f.db, { search: "+44 7700 900123", cursor: null, limit: 10 })
        .map((c) => c.name),
    ).toEqual(["Ann Lee"]);
  });
});
