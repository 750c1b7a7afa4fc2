import { describe, expect, test } from "bun:test";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { changeConversationLabels, conversationLabels, createLabel } from "../../src/messaging/labels.ts";
import { setConversationStatus } from "../../src/messaging/status.ts";
import { findConversation } from "../../src/messaging/conversations-store.ts";
import { recordLabels } from "../../src/records/labels.ts";
import { addWorkflow, createRecord, makeWorkflowServices, runsOf } from "./fixtures.ts";

const PHONE = "+447700900123";

describe("workflow actions on labels and status", () => {
  test("Add label (conversation and record) and Set status resolve a conversation automatically", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const contactId = createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const vip = createLabel(t.db, "VIP", "purple", 0);
    if (!vip.ok) throw new Error("seed");
    const flow = addWorkflow(t, "contact", [
      { kind: "add_label", label_id: vip.label.id, target: "both" },
      { kind: "set_status", status: "resolved" },
    ]);
    const r = t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, senderPhone: PHONE }));
    if (!r.stored) throw new Error("not stored");
    await t.drain();
    expect(runsOf(t, flow)[0]!.status).toBe("done");
    expect(conversationLabels(t.db, r.conversationId).map((l) => l.name)).toEqual(["VIP"]);
    expect(recordLabels(t.db, contactId).map((l) => l.name)).toEqual(["VIP"]);
    expect(findConversation(t.db, r.conversationId)!.status).toBe("resolved");
    // Recorded as made by no person: the timeline says "Someone resolved".
    expect(t.db.query("SELECT cause, by_user_id FROM conversation_status_changes").all()).toEqual([
      { cause: "user", by_user_id: null },
    ]);
  });

  test("the data bundle has the conversation's status and labels; a deleted label fails the step", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const vip = createLabel(t.db, "VIP", "purple", 0);
    const gone = createLabel(t.db, "Old", "gray", 0);
    if (!vip.ok || !gone.ok) throw new Error("seed");
    const first = t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, senderPhone: PHONE }));
    if (!first.stored) throw new Error("not stored");
    changeConversationLabels(t.db, first.conversationId, { add: [vip.label.id] }, null, t.clock());
    setConversationStatus(t.db, [first.conversationId], { status: "pending" }, null, t.clock());
    const flow = addWorkflow(t, "contact", [
      { kind: "condition", expression: "__data.conversation.labels contains 'VIP'" },
      { kind: "add_label", label_id: gone.label.id, target: "conversation" },
    ]);
    t.db.query("DELETE FROM labels WHERE id = ?").run(gone.label.id);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, senderPhone: PHONE }));
    await t.drain();
    const run = runsOf(t, flow)[0]!;
    expect(JSON.parse(run.data).conversation).toEqual({
      id: first.conversationId,
      status: "pending",
      labels: ["VIP"],
    });
    expect(run.status).toBe("failed");
    expect(run.error).toContain("the label no longer exists");
  });
});
