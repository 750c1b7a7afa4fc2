import { describe, expect, test } from "bun:test";
import { claimDueJobs, findJob, type JobRow } from "../../src/jobs/queue.ts";
import { createStepHandler } from "../../src/workflows/runner.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { addPlainUser, addWorkflow, createRecord, makeWorkflowServices, runsOf } from "./fixtures.ts";

const PHONE = "+447700900123";
const notify = { kind: "notify", target: "owner", text: "From {{ incoming_whatsapp.text }}" } as const;

function setup() {
  const t = makeWorkflowServices();
  const channelId = makeChannel(t.db);
  const owner = addPlainUser(t, "Olive");
  createRecord(t, "contact", { name: "Ann Lee", phone: PHONE, ownerUserId: owner });
  return { t, channelId, owner };
}

const count = (t: ReturnType<typeof setup>["t"], sql: string) => t.db.query<{ n: number }, []>(sql).get()!.n;

describe("a workflow step's effect commits with its job's outcome", () => {
  test("a crash after a Notify step ran but before its outcome was written leaves no trace; the restart notifies once", async () => {
    const { t, channelId } = setup();
    const flow = addWorkflow(t, "contact", [notify, notify]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hello" }));

    // The process that dies: it claims the first step and runs it, and its outcome never commits.
    const handler = createStepHandler({ ...t.core, services: t.services });
    const job = claimDueJobs(t.db, t.clock(), 10, 60_000).find((j: JobRow) => j.kind === "workflow.step");
    const outcome = await handler(job!, JSON.parse(job!.payload));
    expect(outcome.commit).toBeDefined();
    expect(count(t, "SELECT count(*) AS n FROM notifications")).toBe(0);
    expect(runsOf(t, flow)[0]!.stepRows).toEqual([]);

    // The restart: the job, left running, is queued again and the step runs once more, once.
    t.services.jobs.start();
    await t.services.jobs.stop();
    await t.drain();
    expect(count(t, "SELECT count(*) AS n FROM notifications")).toBe(2);
    const [run] = runsOf(t, flow);
    expect(run).toMatchObject({ status: "done", current_step: 2 });
    expect(run!.stepRows.map((s) => [s.status, s.tries])).toEqual([
      ["done", 1],
      ["done", 1],
    ]);
    expect(findJob(t.db, job!.id)).toMatchObject({ status: "done", attempts: 2 });
  });

  test("the last step finishes its run in the same commit: no job is queued only to say the run is done", async () => {
    const { t, channelId } = setup();
    const flow = addWorkflow(t, "contact", [notify]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hello" }));
    await t.drain();
    expect(runsOf(t, flow)[0]).toMatchObject({ status: "done", current_step: 1 });
    expect(count(t, "SELECT count(*) AS n FROM jobs WHERE kind = 'workflow.step'")).toBe(1);
  });

  test("a step whose effect is refused fails its run, and nothing of the effect is kept", async () => {
    const { t, channelId } = setup();
    const flow = addWorkflow(t, "contact", [
      { kind: "update_field", field: "email", value: "not an address" },
      notify,
    ]);
    t.services.ingest.ingest(inbound(channelId, { peerPhone: PHONE, text: "hello" }));
    await t.drain();
    const [run] = runsOf(t, flow);
    expect(run!.status).toBe("failed");
    expect(run!.stepRows.map((s) => s.status)).toEqual(["failed"]);
    expect(count(t, "SELECT count(*) AS n FROM notifications")).toBe(0);
    expect(count(t, "SELECT count(*) AS n FROM jobs WHERE status <> 'done'")).toBe(0);
  });
});
