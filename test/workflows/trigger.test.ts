import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { addWorkflow, createRecord, makeWorkflowServices, runsOf, send } from "./fixtures.ts";

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
