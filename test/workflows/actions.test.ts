import { afterEach, describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { getRecord } from "../../src/records/store.ts";
import { listNotifications } from "../../src/notifications/store.ts";
import { startReceiver } from "../webhooks/fixtures.ts";
import { markMediaStored } from "../../src/messaging/media-state.ts";
import { attachmentsOf } from "../../src/records/attachments.ts";
import { addPlainUser, addWorkflow, createRecord, makeWorkflowServices, runsOf, send } from "./fixtures.ts";

const PHONE = "+447700900123";
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

describe("workflow actions", () => {
  test("a group message linked to an account by its group id is answered in the group, not to the member", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const group = "120363041234567890@g.us";
    createRecord(t, "account", { name: "Acme Ltd", groupJid: group });
    const flow = addWorkflow(t, "account", [send("Noted, {{ __data.incoming_whatsapp.group_name }}")]);
    t.services.ingest.ingest(
      inbound(channelId, {
        kind: "group",
        chatJid: group,
        groupSubject: "Acme team",
        peerPhone: null,
        senderPhone: PHONE,
        participantJid: "447700900123@s.whatsapp.net",
        text: "hello all",
      }),
    );
    await t.drain();
    const run = runsOf(t, flow)[0]!;
    expect(JSON.parse(run.data).incoming_whatsapp).toMatchObject({
      is_group: true,
      group_jid: group,
      group_name: "Acme team",
      participant: PHONE,
      participant_jid: "447700900123@s.whatsapp.net",
    });
    expect(t.sent.map((s) => [s.to, (s.payload as { text: string }).text])).toEqual([
      [group, "Noted, Acme team"],
    ]);
  });

  test("Update a field sets a case's status; a value the record refuses fails the step with the reason", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const kase = createRecord(t, "case", { name: "Broken tap", phone: PHONE });
    const ok = addWorkflow(t, "case", [{ kind: "update_field", field: "status", value: "{{ 'pending' }}" }], {
      pattern: "update",
    });
    const bad = addWorkflow(
      t,
      "case",
      [{ kind: "update_field", field: "status", value: "{{ __data.incoming_whatsapp.text }}" }],
      { pattern: "nonsense" },
    );
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "update" }));
    await t.drain();
    expect(getRecord(t.db, kase)!.status).toBe("pending");
    expect(runsOf(t, ok)[0]!.status).toBe("done");
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "nonsense" }));
    await t.drain();
    expect(getRecord(t.db, kase)!.status).toBe("pending");
    const failed = runsOf(t, bad)[0]!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toBeTruthy();
  });

  test("Notify a named user links to the conversation; a record without an owner fails the owner step", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const una = addPlainUser(t, "Una");
    createRecord(t, "lead", { name: "Ann Lee", phone: PHONE });
    const named = addWorkflow(t, "lead", [
      { kind: "notify", target: una, text: "{{ __data.record.name }} wrote" },
    ]);
    const owner = addWorkflow(t, "lead", [{ kind: "notify", target: "owner", text: "x" }]);
    const res = t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await t.drain();
    expect(listNotifications(t.db, una).map((n) => [n.title, n.href])).toEqual([
      ["Ann Lee wrote", `/inbox/c/${res.stored ? res.conversationId : 0}`],
    ]);
    expect(runsOf(t, named)[0]!.status).toBe("done");
    expect(runsOf(t, owner)[0]!.error).toBe("the lead has no owner to notify");
  });

  test("Call a webhook POSTs the data bundle as JSON; a server error is retried", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const r = startReceiver([503]);
    stops.push(r.stop);
    const flow = addWorkflow(t, "contact", [{ kind: "webhook", url: r.url }], { name: "Forward" });
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hello hook" }));
    await t.drain();
    expect(runsOf(t, flow)[0]!.status).toBe("pending");
    t.advance(2 * 60_000);
    await t.drain();
    expect(runsOf(t, flow)[0]!.status).toBe("done");
    expect(r.received.map((q) => q.status)).toEqual([503, 200]);
    const body = JSON.parse(r.received[1]!.body);
    expect(body.workflow).toEqual({ id: flow, name: "Forward" });
    expect(body.data.incoming_whatsapp.text).toBe("hello hook");
    expect(body.data.record.name).toBe("Ann Lee");
    expect(r.received[1]!.headers.get("content-type")).toBe("application/json");
  });

  test("a step waits for media that is still downloading and goes on as soon as the session stores it", async () => {
    const t = makeWorkflowServices({ mediaWaitMs: 60_000 });
    const channelId = makeChannel(t.db);
    const deal = createRecord(t, "deal", { name: "Kitchen refit", phone: PHONE });
    const flow = addWorkflow(t, "deal", [{ kind: "save_media" }]);
    const res = t.services.ingest.ingest(
      inbound(channelId, {
        peerPhone: PHONE,
        text: "",
        type: "document",
        media: { mime: "application/pdf", size: 5, fileName: "plan.pdf" },
      }),
    );
    if (!res.stored) throw new Error("not stored");
    const running = t.drain(); // the step is now waiting for the download
    const put = await t.services.media.putBytes(new Uint8Array([37, 80, 68, 70, 45]));
    if (!put.ok) throw new Error(put.error);
    markMediaStored(t.db, res.messageId, put.sha256, put.size);
    t.services.hub.publish({
      type: "message.status",
      channelId,
      conversationId: res.conversationId,
      messageId: res.messageId,
    });
    await running;
    expect(runsOf(t, flow)[0]!.status).toBe("done");
    expect(attachmentsOf(t.db, deal).map((a) => a.file_name)).toEqual(["plan.pdf"]);
  });
});
