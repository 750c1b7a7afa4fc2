import { describe, expect, test } from "bun:test";
import { makeChannel } from "../inbox/fixtures.ts";
import { storeCall } from "../../src/messaging/calls.ts";
import type { IncomingCall } from "../../src/whatsapp/driver.ts";
import { listenForWebhookEvents } from "../../src/webhooks/install.ts";
import { insertEndpoint } from "../../src/webhooks/store.ts";
import { keyOwner } from "../webhooks/fixtures.ts";
import {
  addWorkflow,
  createRecord,
  makeWorkflowApp,
  makeWorkflowServices,
  runsOf,
  send,
} from "./fixtures.ts";
import { adminSession, postForm } from "../helpers/app.ts";
import { listWorkflows } from "../../src/workflows/store.ts";

/**
 * The Incoming WhatsApp call trigger: "we don't take calls here, write to us" is one workflow. A
 * call never starts the message trigger, and goes to webhooks as `call.received`, not as a message.
 */

const PHONE = "+447700900123";
const call = (over: Partial<IncomingCall> = {}): IncomingCall => ({
  callId: "CALL1",
  fromJid: "447700900123@s.whatsapp.net",
  fromPhone: PHONE,
  fromLid: null,
  video: false,
  group: false,
  stage: "offer",
  timestamp: Date.UTC(2026, 0, 15, 9, 0, 0),
  offline: false,
  ...over,
});

describe("Incoming WhatsApp call trigger", () => {
  test("a call runs the call workflows of the caller's record with the call's data, and no message workflow", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const onCall = addWorkflow(
      t,
      "contact",
      [
        send(
          "Sorry {{ __data.record.first_name }}, we don't take {{ __data.incoming_call.kind }} calls here: write to us.",
        ),
      ],
      { trigger: "call" },
    );
    const onMessage = addWorkflow(t, "contact", [send("Thanks for your message")]);

    storeCall(t.db, t.services.ingest, channelId, call({ video: true }), "missed");
    await t.drain();

    expect(runsOf(t, onCall).map((r) => r.status)).toEqual(["done"]);
    expect(runsOf(t, onMessage)).toHaveLength(0);
    expect(t.sent.map((s) => [s.to, (s.payload as { text: string }).text])).toEqual([
      [PHONE, "Sorry Ann, we don't take video calls here: write to us."],
    ]);
  });

  test("the same call replayed from the offline queue is one row and one run", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const onCall = addWorkflow(t, "contact", [send("Write to us")], { trigger: "call" });
    expect(storeCall(t.db, t.services.ingest, channelId, call(), "missed")).not.toBeNull();
    expect(storeCall(t.db, t.services.ingest, channelId, call(), "missed")).toBeNull();
    await t.drain();
    expect(runsOf(t, onCall)).toHaveLength(1);
  });

  test("webhooks get call.received with the caller and the kind of call, never message.inbound", () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const ownerId = keyOwner(t.db);
    insertEndpoint(
      t.db,
      {
        name: "crm",
        url: "https://crm.example/hook",
        events: ["call.received", "message.inbound"],
        channelIds: [],
        active: true,
      },
      t.clock(),
      ownerId,
    );
    listenForWebhookEvents(
      t.services.events,
      () => ({ db: t.db, baseUrl: "http://pairbox.test", secret: "s".repeat(32), now: t.clock() }),
      () => {},
    );
    storeCall(t.db, t.services.ingest, channelId, call(), "rejected");
    const events = t.db
      .query<{ type: string; body: string }, []>("SELECT type, body FROM webhook_events ORDER BY id")
      .all();
    expect(events.map((e) => e.type)).toEqual(["call.received"]);
    const data = JSON.parse(events[0]!.body).data;
    expect(data.call).toMatchObject({ id: "CALL1", from: PHONE, video: false, outcome: "rejected" });
    expect(data.conversation.id).toBeGreaterThan(0);
  });
});

describe("the editor's trigger choice", () => {
  const form = {
    name: "No calls here",
    record_type: "contact",
    enabled: "1",
    pattern: "ignored*",
    all_channels: "1",
    "s.0.kind": "send_whatsapp",
    "s.0.channel": "trigger",
    "s.0.recipient": "sender",
    "s.0.recipient_phone": "",
    "s.0.text": "We don't take calls here: write to us.",
    "s.0.attachment": "none",
  };

  test("Incoming WhatsApp call is offered, saved and shown again; its pattern is dropped", async () => {
    const t = makeWorkflowApp();
    const admin = await adminSession(t);
    expect(await (await t.request("/workflows/new?type=contact", { session: admin })).text()).toContain(
      '<option value="call">Incoming WhatsApp call</option>',
    );
    const res = await postForm(t, "/workflows", admin, { ...form, trigger: "call" });
    expect(res.status).toBe(303);
    const [saved] = listWorkflows(t.db);
    expect(saved).toMatchObject({ trigger_kind: "call", pattern: "" });
    const editor = await (await t.request(`/workflows/${saved!.id}`, { session: admin })).text();
    expect(editor).toContain('<option value="call" selected="">Incoming WhatsApp call</option>');
  });

  test("an unknown trigger is refused next to the field", async () => {
    const t = makeWorkflowApp();
    const admin = await adminSession(t);
    const res = await postForm(t, "/workflows", admin, { ...form, trigger: "fax" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose what starts the workflow.");
    expect(listWorkflows(t.db)).toEqual([]);
  });
});
