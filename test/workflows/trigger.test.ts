import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { adminSession, postForm } from "../helpers/app.ts";
import { findWorkflow } from "../../src/workflows/store.ts";
import {
  addWorkflow,
  createRecord,
  makeWorkflowApp,
  makeWorkflowServices,
  runsOf,
  send,
} from "./fixtures.ts";

const PHONE = "+447700900123";

describe("Incoming WhatsApp trigger: one workflow never stops the others", () => {
  test("a workflow with a hyphen in its pattern runs, and so do the workflows of every type beside it", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    createRecord(t, "lead", { name: "Ann Lead", phone: PHONE });
    const hyphen = addWorkflow(t, "contact", [send("See you")], { pattern: "check-in*" });
    const phone = addWorkflow(t, "contact", [send("Noted")], { pattern: "*+1 555-0100*" });
    const other = addWorkflow(t, "contact", [send("Hello")]);
    const lead = addWorkflow(t, "lead", [send("Lead hello")]);

    t.services.ingest.ingest(
      inbound(channelId, { peerPhone: PHONE, text: "Check-in at 3? Call +1 555-0100" }),
    );
    await t.drain();

    for (const flow of [hyphen, phone, other, lead])
      expect(runsOf(t, flow).map((r) => r.status)).toEqual(["done"]);
    expect(t.sent.map((s) => (s.payload as { text: string }).text).sort()).toEqual([
      "Hello",
      "Lead hello",
      "Noted",
      "See you",
    ]);
  });
});

describe("Incoming WhatsApp trigger: a workflow that cannot be evaluated", () => {
  test("its failure is recorded on it and shown in the list and the editor, while the others still run", async () => {
    const t = makeWorkflowApp();
    const admin = await adminSession(t);
    const channelId = makeChannel(t.db);
    createRecord(t.s, "contact", { name: "Ann Lee", phone: PHONE });
    const broken = addWorkflow(t.s, "contact", [send("never")], { name: "Broken one" });
    const fine = addWorkflow(t.s, "contact", [send("Hello")], { name: "Fine one" });
    // A row this version cannot read (written by hand, or by a version with other step kinds).
    t.db.query("UPDATE workflows SET steps = ? WHERE id = ?").run('[{"kind":"teleport"}]', broken);

    t.s.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await t.s.drain();

    expect(runsOf(t.s, fine).map((r) => r.status)).toEqual(["done"]);
    expect(runsOf(t.s, broken)).toHaveLength(0);
    expect(t.s.sent.map((s) => (s.payload as { text: string }).text)).toEqual(["Hello"]);
    const w = findWorkflow(t.db, broken)!;
    expect(w.last_error).toContain("its saved steps could not be read");
    expect(w.last_error_at).toBe(t.s.clock());
    expect(findWorkflow(t.db, fine)!.last_error).toBeNull();

    const list = await (await t.request("/workflows", { session: admin })).text();
    expect(list).toContain("Trigger failed");
    expect(list).toContain("its saved steps could not be read");
    const editor = await (await t.request(`/workflows/${broken}`, { session: admin })).text();
    expect(editor).toContain("The trigger failed");
    expect(editor).toContain("its saved steps could not be read");
    expect(await (await t.request(`/workflows/${fine}`, { session: admin })).text()).not.toContain(
      "The trigger failed",
    );
  });

  test("saving the workflow again clears the recorded failure", async () => {
    const t = makeWorkflowApp();
    const admin = await adminSession(t);
    const flow = addWorkflow(t.s, "contact", [send("Hello")]);
    t.db.query("UPDATE workflows SET last_error = 'boom', last_error_at = 1 WHERE id = ?").run(flow);
    const res = await postForm(t, `/workflows/${flow}`, admin, {
      name: "Greeter",
      record_type: "contact",
      enabled: "1",
      pattern: "",
      all_channels: "1",
      "s.0.kind": "send_whatsapp",
      "s.0.channel": "trigger",
      "s.0.recipient": "sender",
      "s.0.text": "Hello",
      "s.0.attachment": "none",
    });
    expect(res.status).toBe(303);
    expect(findWorkflow(t.db, flow)).toMatchObject({ last_error: null, last_error_at: null });
  });
});

describe("Incoming WhatsApp trigger data", () => {
  test("record.url is the record's full address on this server, as a message to the customer needs it", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const ann = createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [send("Your file: {{ __data.record.url }}")]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await t.drain();
    const url = `${t.core.config.baseUrl}/records/contacts/${ann}`;
    expect(JSON.parse(runsOf(t, flow)[0]!.data).record.url).toBe(url);
    expect(t.sent.map((s) => (s.payload as { text: string }).text)).toEqual([`Your file: ${url}`]);
  });
});
