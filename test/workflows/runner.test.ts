import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { claimDueJobs } from "../../src/jobs/queue.ts";
import { WINDOW_MESSAGE } from "../../src/messaging/send.ts";
import { deleteWorkflow, setWorkflowEnabled, updateWorkflow } from "../../src/workflows/store.ts";
import { rerunFailedRun } from "../../src/workflows/runner.ts";
import { addWorkflow, createRecord, HOUR, makeWorkflowServices, runsOf, send } from "./fixtures.ts";

const PHONE = "+447700900123";

describe("Incoming WhatsApp trigger", () => {
  test("a message linked to a contact and a lead runs the contact workflows and the lead workflows, once per record", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const contact = createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const lead = createRecord(t, "lead", { name: "Ann Lead", phone: PHONE });
    const otherContact = createRecord(t, "contact", { name: "Ann Twin", phone: PHONE });
    createRecord(t, "deal", { name: "Someone else's deal", phone: "+447700900999" });
    const contactFlow = addWorkflow(t, "contact", [send("Hi {{ __data.record.name }}")]);
    const leadFlow = addWorkflow(t, "lead", [send("Lead hello")]);
    const dealFlow = addWorkflow(t, "deal", [send("never")]);

    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hello" }));
    await t.drain();

    expect(
      runsOf(t, contactFlow)
        .map((r) => r.record_id)
        .sort(),
    ).toEqual([contact, otherContact].sort());
    expect(runsOf(t, leadFlow).map((r) => r.record_id)).toEqual([lead]);
    expect(runsOf(t, dealFlow)).toHaveLength(0);
    expect(t.sent.map((s) => (s.payload as { text: string }).text).sort()).toEqual([
      "Hi Ann Lee",
      "Hi Ann Twin",
      "Lead hello",
    ]);
  });

  test("only messages whose text matches the pattern start a run; switched-off workflows never do", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const yes = addWorkflow(t, "contact", [send("ok")], { pattern: "YES*" });
    const off = addWorkflow(t, "contact", [send("ok")], { enabled: false });

    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "no thanks" }));
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "Yes please" }));
    await t.drain();

    expect(runsOf(t, yes).map((r) => JSON.parse(r.data).incoming_whatsapp.text)).toEqual(["Yes please"]);
    expect(runsOf(t, off)).toHaveLength(0);
  });

  test("messages imported from history never trigger, and neither do our own outbound messages", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [send("ok")]);

    t.services.ingest.ingestBatch([
      inbound(channelId, { peerPhone: PHONE, text: "old 1", history: true }),
      inbound(channelId, { peerPhone: PHONE, text: "old 2", history: true }),
    ]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "old 3", history: true }));
    t.services.ingest.ingest(
      inbound(channelId, {
        peerPhone: PHONE,
        direction: "outbound",
        fromPhone: true,
        text: "typed on the phone",
      }),
    );
    await t.drain();

    expect(runsOf(t, flow)).toHaveLength(0);
    expect(t.sent).toHaveLength(0);
  });

  test("if starting runs fails, the message is still stored (the failure is logged, not the message lost)", () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    addWorkflow(t, "contact", [send("ok")]);
    t.db.exec("DROP TABLE workflow_run_steps; DROP TABLE workflow_runs;");
    const res = t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "still here" }));
    expect(res.stored).toBe(true);
    expect(t.db.query("SELECT text FROM messages").all()).toEqual([{ text: "still here" }]);
  });

  test("the data bundle has the incoming_whatsapp fields, the record and the channel", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db, "+14155550100");
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", []);
    const m = inbound(channelId, { peerPhone: PHONE, text: "hello", senderName: "Ann" });
    t.services.ingest.ingest(m);
    const data = JSON.parse(runsOf(t, flow)[0]!.data);
    expect(data.incoming_whatsapp).toEqual({
      from_number: PHONE,
      to_number: "+14155550100",
      text: "hello",
      message_type: "text",
      direction: "inbound",
      whatsapp_message_id: m.waId,
      is_group: false,
      display_name: "Ann",
      date_received: new Date(m.timestamp).toISOString(),
    });
    expect(data.record).toMatchObject({ type: "contact", name: "Ann Lee" });
    expect(data.channel).toMatchObject({ id: channelId, number: "+14155550100" });
  });
});

describe("the 24-hour window", () => {
  test("a reply to the message that just arrived is sent", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [send("Thanks {{ __data.incoming_whatsapp.display_name }}")]);
    // The customer's phone clock is two days behind: the arrival here is what counts.
    t.services.ingest.ingest(
      inbound(channelId, { peerPhone: PHONE, text: "hi", timestamp: t.clock() - 48 * HOUR }),
    );
    await t.drain();
    expect(runsOf(t, flow)[0]!.status).toBe("done");
    expect(t.sent).toHaveLength(1);
  });

  test("a send to someone who has not written to that channel in 24 hours fails with the window message", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    const silent = "+447700900555";
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    t.services.ingest.ingest(
      inbound(channelId, { peerPhone: silent, text: "last week", timestamp: t.clock() - 25 * HOUR }),
    );
    t.services.ingest.ingest(
      inbound(channelId, { peerPhone: "+447700900556", text: "recently", timestamp: t.clock() - 23 * HOUR }),
    );
    const flow = addWorkflow(t, "contact", [
      send("to the recent one", { recipient: "+447700900556" }),
      send("to the silent one", { recipient: silent }),
      send("never reached"),
    ]);

    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "go" }));
    await t.drain();

    const run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("failed");
    expect(run.error).toBe(WINDOW_MESSAGE);
    expect(run.stepRows.map((s) => s.status)).toEqual(["done", "failed"]);
    expect(t.sent.map((s) => s.to)).toEqual(["+447700900556"]);
  });
});

describe("durable runs", () => {
  test("a disconnected channel is retried with back-off, then the message goes out once", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [send("hello")]);
    t.db.query("UPDATE channels SET status = 'disconnected' WHERE id = ?").run(channelId);

    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await t.drain();
    let run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("pending");
    expect(run.stepRows[0]!.error).toContain("disconnected");
    expect(t.sent).toHaveLength(0);

    t.db.query("UPDATE channels SET status = 'connected' WHERE id = ?").run(channelId);
    t.advance(2 * 60_000);
    await t.drain();
    run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("done");
    expect(t.sent).toHaveLength(1);
  });

  test("a Wait survives a restart in the middle and keeps its due time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-wf-"));
    const dbPath = join(dir, "pairbox.db");
    const before = makeWorkflowServices({ dbPath });
    const channelId = makeChannel(before.db);
    createRecord(before, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(before, "contact", [
      send("first"),
      { kind: "wait", amount: 1, unit: "hours" },
      send("after an hour"),
    ]);
    before.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "YES" }));
    await before.drain();
    expect(before.sent.map((s) => (s.payload as { text: string }).text)).toEqual(["first"]);
    expect(runsOf(before, flow)[0]!.status).toBe("waiting");
    before.db.close();

    const after = makeWorkflowServices({
      dbPath,
      mediaDir: before.mediaDir,
      now: before.clock() + 30 * 60_000,
    });
    after.services.jobs.start();
    await after.services.jobs.stop();
    await after.drain();
    expect(after.sent).toHaveLength(0); // half an hour in: still waiting

    after.advance(30 * 60_000);
    await after.drain();
    expect(after.sent.map((s) => (s.payload as { text: string }).text)).toEqual(["after an hour"]);
    const run = runsOf(after, flow)[0]!;
    expect(run.status).toBe("done");
    expect(run.stepRows.map((s) => s.status)).toEqual(["done", "done", "done"]);
    after.db.close();
  });

  test("a run resumed after a crash between sending and recording does not send again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pairbox-wf-"));
    const dbPath = join(dir, "pairbox.db");
    const before = makeWorkflowServices({ dbPath });
    const channelId = makeChannel(before.db);
    createRecord(before, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(before, "contact", [send("only once"), send("second step")]);
    before.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await before.drain();
    expect(before.sent).toHaveLength(2);
    const run = runsOf(before, flow)[0]!;
    // Put the database back as it was when the process died just after the first send left:
    // step 0 still 'running', the run at step 0, its job claimed (and the second step never started).
    before.db.query("DELETE FROM workflow_run_steps WHERE run_id = ? AND step_index = 1").run(run.id);
    before.db
      .query(
        "UPDATE workflow_run_steps SET status = 'running', finished_at = NULL WHERE run_id = ? AND step_index = 0",
      )
      .run(run.id);
    before.db
      .query("UPDATE workflow_runs SET status = 'running', current_step = 0, finished_at = NULL WHERE id = ?")
      .run(run.id);
    before.db.query("DELETE FROM messages WHERE idempotency_key = ?").run(`wf:${run.id}:1`);
    before.db.query("UPDATE jobs SET status = 'running' WHERE dedupe_key = ?").run(`wf:${run.id}:0:0`);
    before.db
      .query("DELETE FROM jobs WHERE dedupe_key IN (?, ?)")
      .run(`wf:${run.id}:1:0`, `wf:${run.id}:2:0`);
    before.db.close();

    const after = makeWorkflowServices({ dbPath, mediaDir: before.mediaDir, now: before.clock() + 60_000 });
    after.services.jobs.start(); // recovers the interrupted job
    await after.services.jobs.stop();
    await after.drain();

    expect(after.sent.map((s) => (s.payload as { text: string }).text)).toEqual(["second step"]);
    const resumed = runsOf(after, flow)[0]!;
    expect(resumed.status).toBe("done");
    expect(
      after.db.query("SELECT count(*) AS n FROM messages WHERE idempotency_key = ?").get(`wf:${run.id}:0`),
    ).toEqual({ n: 1 });
    after.db.close();
  });

  test("a step cut off mid-flight is tried once more; cut off again, the run fails with its reason", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [{ kind: "webhook", url: "http://127.0.0.1:9/never" }]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    const run = runsOf(t, flow)[0]!;
    // Two crashes while the step was running: 'running' with two tries, the job back in line.
    t.db
      .query(
        "INSERT INTO workflow_run_steps (run_id, step_index, kind, status, tries, started_at) VALUES (?, 0, 'webhook', 'running', 2, 0)",
      )
      .run(run.id);
    expect(claimDueJobs(t.db, t.clock(), 10, 60_000)).toHaveLength(1);
    t.services.jobs.start();
    await t.services.jobs.stop();
    await t.drain();
    const failed = runsOf(t, flow)[0]!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("interrupted twice");
  });

  test("a template error fails the step with its message in the run log; the run never crashes", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [send("{{ __data.incoming_whatsapp.text | nonsense }}")]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await t.drain();
    const run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("failed");
    expect(run.error).toContain("template error");
    expect(run.error).toContain("nonsense");
    expect(t.sent).toHaveLength(0);
  });

  test("a waiting run keeps the steps it started with: switching Off or editing changes later runs; deleting stops it", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const steps = [{ kind: "wait" as const, amount: 1, unit: "hours" as const }, send("How did it go?")];
    const kept = addWorkflow(t, "contact", steps, { name: "Kept", pattern: "YES*" });
    const gone = addWorkflow(t, "contact", steps, { name: "Gone", pattern: "YES*" });
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "yes" }));
    await t.drain();
    setWorkflowEnabled(t.db, kept, false, t.clock());
    updateWorkflow(
      t.db,
      kept,
      { name: "Kept", recordType: "contact", enabled: false, pattern: "YES*", steps: [send("edited")] },
      t.clock(),
    );
    deleteWorkflow(t.db, gone);
    t.advance(HOUR);
    await t.drain();
    expect(t.sent.map((m) => (m.payload as { text?: string }).text)).toEqual(["How did it go?"]);
    expect(runsOf(t, kept)[0]!.status).toBe("done");
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "yes again" }));
    await t.drain();
    expect(runsOf(t, kept)).toHaveLength(1); // Off: no new run
  });

  test("re-run after fixing the workflow runs the fixed step; done steps stand, and a reshuffled workflow is not adopted", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const broken = [send("Thanks!"), send("{{ __data.incoming_whatsapp.text | nosuch }}")];
    const flow = addWorkflow(t, "contact", broken, { name: "Fix me", pattern: "YES*" });
    const other = addWorkflow(t, "contact", broken, { name: "Reshuffled", pattern: "YES*" });
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "yes" }));
    await t.drain();
    expect(runsOf(t, flow)[0]!.error).toContain("nosuch");
    const textOf = () => t.sent.map((m) => (m.payload as { text?: string }).text);
    expect(textOf()).toEqual(["Thanks!", "Thanks!"]);

    const input = { recordType: "contact", enabled: true, pattern: "YES*" };
    updateWorkflow(
      t.db,
      flow,
      {
        ...input,
        name: "Fix me",
        steps: [send("Thanks!"), send("You said {{ __data.incoming_whatsapp.text }}")],
      },
      t.clock(),
    );
    // Here the step before the failed one changed: adopting would skip or repeat work, so the run keeps its own.
    updateWorkflow(
      t.db,
      other,
      { ...input, name: "Reshuffled", steps: [send("Hello first"), send("fixed")] },
      t.clock(),
    );
    expect(rerunFailedRun(t.db, runsOf(t, flow)[0]!.id, t.clock())).toBe(true);
    expect(rerunFailedRun(t.db, runsOf(t, other)[0]!.id, t.clock())).toBe(true);
    await t.drain();
    expect(runsOf(t, flow)[0]!.status).toBe("done");
    expect(textOf()).toEqual(["Thanks!", "Thanks!", "You said yes"]);
    const reshuffled = runsOf(t, other)[0]!;
    expect(reshuffled.status).toBe("failed");
    expect(reshuffled.error).toContain("nosuch");
  });

  test("a half-written condition saved earlier fails its step with the reason instead of letting the run through", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [
      { kind: "condition", expression: "__data.incoming_whatsapp.message_type ==" },
      send("media only"),
    ]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await t.drain();
    const run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("failed");
    expect(run.error).toBe("condition error: The condition ends with ==: add the value to compare with.");
    expect(t.sent).toHaveLength(0);
  });

  test("a false condition skips the remaining steps", async () => {
    const t = makeWorkflowServices();
    const channelId = makeChannel(t.db);
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [
      { kind: "condition", expression: "__data.incoming_whatsapp.is_group == true" },
      send("groups only"),
    ]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hi" }));
    await t.drain();
    const run = runsOf(t, flow)[0]!;
    expect(run.status).toBe("done");
    expect(run.stepRows.map((s) => s.status)).toEqual(["done", "skipped"]);
    expect(t.sent).toHaveLength(0);
  });
});
