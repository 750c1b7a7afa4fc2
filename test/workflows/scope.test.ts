import { describe, expect, test } from "bun:test";
import { addUser, adminSession, postForm, signIn } from "../helpers/app.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { insertPermissionSet } from "../../src/auth/teams-store.ts";
import { migrate } from "../../src/db/migrate.ts";
import { migrations } from "../../src/db/migrations/index.ts";
import { openDatabase } from "../../src/db/open.ts";
import { listNotifications } from "../../src/notifications/store.ts";
import { findWorkflow, listWorkflows } from "../../src/workflows/store.ts";
import { workflowChannelIds } from "../../src/workflows/scope.ts";
import {
  addPlainUser,
  addWorkflow,
  createRecord,
  HOUR,
  makeWorkflowApp,
  makeWorkflowServices,
  runsOf,
  send,
} from "./fixtures.ts";

const PHONE = "+447700900123";
const closedTo = (...users: number[]) =>
  JSON.stringify({ all: false, permissionSets: [], groups: [], users });

/** Channel A is closed to the builder; channel B is open to everyone. */
async function builderSetUp() {
  const t = makeWorkflowApp();
  const admin = await adminSession(t);
  const a = makeChannel(t.db, "+14155550101", closedTo(admin.userId));
  const b = makeChannel(t.db, "+14155550102");
  t.db.query("UPDATE channels SET name = 'Private A' WHERE id = ?").run(a);
  t.db.query("UPDATE channels SET name = 'Shared B' WHERE id = ?").run(b);
  insertPermissionSet(t.db, "Builder", ["workflows.manage"], 0);
  const builderId = await addUser(t, "builder@example.com", { sets: ["Builder"], name: "Bea" });
  const builder = await signIn(t, "builder@example.com");
  return { t, admin, builder, builderId, a, b };
}

const form = (over: Record<string, string | string[]> = {}) => ({
  name: "Greeter",
  record_type: "contact",
  enabled: "1",
  pattern: "",
  "s.0.kind": "send_whatsapp",
  "s.0.channel": "trigger",
  "s.0.recipient": "sender",
  "s.0.text": "Hello",
  "s.0.attachment": "none",
  ...over,
});

describe("workflow channels in the editor", () => {
  test("the editor offers only the channels the person may use, and All channels only to someone who may use every one", async () => {
    const { t, admin, builder } = await builderSetUp();
    const mine = await (await t.request("/workflows/new", { session: builder })).text();
    expect(mine).toContain("Shared B");
    expect(mine).not.toContain("Private A");
    expect(mine).not.toContain('name="all_channels"');
    const theirs = await (await t.request("/workflows/new", { session: admin })).text();
    expect(theirs).toContain("Shared B");
    expect(theirs).toContain("Private A");
    expect(theirs).toMatch(/<input[^>]*name="all_channels" value="1" checked/);
  });

  test("saving a channel the person may not use, All channels without every channel, or no channel is refused next to the field", async () => {
    const { t, builder, a, b } = await builderSetUp();
    const refused: [Record<string, string | string[]>, string][] = [
      [{ channels: [String(b), String(a)] }, "Choose only channels you can use."],
      [{ all_channels: "1" }, "Only someone who may use every channel can choose All channels."],
      [{}, "Choose at least one channel."],
      [{ channels: "abc" }, "Choose only channels you can use."],
      [{ channels: `0x${b.toString(16)}` }, "Choose only channels you can use."],
    ];
    for (const [scope, message] of refused) {
      const res = await postForm(t, "/workflows", builder, form(scope));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).not.toContain("Private A");
    }
    expect(listWorkflows(t.db)).toHaveLength(0);
  });

  test("a Send WhatsApp step must send through one of the workflow's channels", async () => {
    const { t, admin, a, b } = await builderSetUp();
    const res = await postForm(
      t,
      "/workflows",
      admin,
      form({ channels: String(b), "s.0.channel": String(a) }),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose one of this workflow&#39;s channels");
    expect(listWorkflows(t.db)).toHaveLength(0);
  });

  test("the chosen channels are saved with who saved them, and shown again in the editor and the list", async () => {
    const { t, admin, builder, builderId, b } = await builderSetUp();
    expect((await postForm(t, "/workflows", builder, form({ channels: String(b) }))).status).toBe(303);
    const [w] = listWorkflows(t.db);
    expect(w).toMatchObject({ all_channels: 0, edited_by: builderId });
    expect(workflowChannelIds(t.db, w!.id)).toEqual([b]);
    const page = await (await t.request(`/workflows/${w!.id}`, { session: builder })).text();
    expect(page).toMatch(new RegExp(`<input[^>]*name="channels"[^>]*value="${b}"[^>]*checked`));
    expect(await (await t.request("/workflows", { session: builder })).text()).toContain("Shared B");

    expect(
      (await postForm(t, `/workflows/${w!.id}`, admin, form({ all_channels: "1", name: "Everywhere" })))
        .status,
    ).toBe(303);
    expect(findWorkflow(t.db, w!.id)).toMatchObject({ all_channels: 1, edited_by: admin.userId });
    expect(workflowChannelIds(t.db, w!.id)).toEqual([]);
    expect(await (await t.request("/workflows", { session: admin })).text()).toContain("All channels");
  });

  test("editing a workflow that covers channels the person cannot use says saving keeps only their ticked ones", async () => {
    const { t, admin, builder } = await builderSetUp();
    expect((await postForm(t, "/workflows", admin, form({ all_channels: "1" }))).status).toBe(303);
    const [w] = listWorkflows(t.db);
    const page = await (await t.request(`/workflows/${w!.id}`, { session: builder })).text();
    expect(page).toContain("also covers channels you cannot use");
    expect(page).not.toContain("Private A");
    const own = await (await t.request(`/workflows/${w!.id}`, { session: admin })).text();
    expect(own).not.toContain("also covers channels you cannot use");
  });
});

describe("workflow channels at run time", () => {
  test("a workflow runs only for messages on its channels", async () => {
    const t = makeWorkflowServices();
    const a = makeChannel(t.db, "+14155550101");
    const b = makeChannel(t.db, "+14155550102");
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [send("Hello")], { channels: [b] });
    t.services.ingest.ingest(inbound(a, { peerPhone: PHONE, text: "on A" }));
    t.services.ingest.ingest(inbound(b, { peerPhone: PHONE, text: "on B" }));
    await t.drain();
    expect(runsOf(t, flow).map((r) => JSON.parse(r.data).incoming_whatsapp.text)).toEqual(["on B"]);
    expect(t.sent.map((s) => s.channelId)).toEqual([b]);
  });

  test("Send WhatsApp refuses a channel outside the workflow's channels: the step fails with the reason, nothing is sent", async () => {
    const t = makeWorkflowServices();
    const a = makeChannel(t.db, "+14155550101");
    const b = makeChannel(t.db, "+14155550102");
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    // Written past the editor (which refuses it): the run-time check still holds.
    const flow = addWorkflow(t, "contact", [send("From A", { channel: a })], { channels: [b] });
    t.services.ingest.ingest(inbound(a, { peerPhone: PHONE, text: "hi on A" }));
    t.services.ingest.ingest(inbound(b, { peerPhone: PHONE, text: "hi on B" }));
    await t.drain();
    const [run] = runsOf(t, flow);
    expect(run!.status).toBe("failed");
    expect(run!.error).toBe("the sending channel is not one of this workflow's channels");
    expect(t.sent).toHaveLength(0);
  });

  test("Notify never reaches someone the message's channel is closed to: the step fails and no notification is made", async () => {
    const t = makeWorkflowServices();
    const una = addPlainUser(t, "Una");
    const closed = makeChannel(t.db, "+14155550101", closedTo());
    const open = makeChannel(t.db, "+14155550102");
    createRecord(t, "lead", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "lead", [
      { kind: "notify", target: una, text: "{{ __data.incoming_whatsapp.text }}" },
    ]);
    t.services.ingest.ingest(inbound(closed, { peerPhone: PHONE, text: "private words" }));
    t.services.ingest.ingest(inbound(open, { peerPhone: PHONE, text: "open words" }));
    await t.drain();
    expect(listNotifications(t.db, una).map((n) => n.title)).toEqual(["open words"]);
    const [onClosed, onOpen] = runsOf(t, flow);
    expect(onClosed!.status).toBe("failed");
    expect(onClosed!.error).toBe("Una may not use the channel this message came in on: not notified");
    expect(onOpen!.status).toBe("done");
  });

  test("when the person who last saved a workflow loses a channel, it stops running there: no new runs, and a waiting run stops", async () => {
    const t = makeWorkflowServices();
    const bea = addPlainUser(t, "Bea");
    const b = makeChannel(t.db, "+14155550102", closedTo(bea));
    createRecord(t, "contact", { name: "Ann Lee", phone: PHONE });
    const flow = addWorkflow(t, "contact", [{ kind: "wait", amount: 1, unit: "hours" }, send("Later")], {
      channels: [b],
      editedBy: bea,
    });
    t.services.ingest.ingest(inbound(b, { peerPhone: PHONE, text: "first" }));
    await t.drain();
    expect(runsOf(t, flow).map((r) => r.status)).toEqual(["waiting"]);

    t.db.query("UPDATE channels SET access = ? WHERE id = ?").run(closedTo(), b);
    t.advance(HOUR);
    t.services.ingest.ingest(inbound(b, { peerPhone: PHONE, text: "second" }));
    await t.drain();
    const runs = runsOf(t, flow);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe("failed");
    expect(runs[0]!.error).toContain("its last editor (Bea) may no longer use this channel");
    expect(t.sent).toHaveLength(0);
    expect(findWorkflow(t.db, flow)!.last_error).toContain("its last editor (Bea) may no longer use");

    t.db.query("UPDATE channels SET access = ? WHERE id = ?").run(closedTo(bea), b);
    t.db.query("UPDATE users SET active = 0 WHERE id = ?").run(bea);
    t.services.ingest.ingest(inbound(b, { peerPhone: PHONE, text: "third" }));
    await t.drain();
    expect(runsOf(t, flow)).toHaveLength(1);
    expect(findWorkflow(t.db, flow)!.last_error).toContain("its last editor (Bea) is no longer active");
  });

  test("workflows from before channel scopes run on all channels", () => {
    const db = openDatabase(":memory:");
    migrate(db, migrations.slice(0, 11));
    db.query(
      "INSERT INTO workflows (record_type, name, pattern, steps, created_at, updated_at) VALUES ('contact', 'Old', '', '[]', 0, 0)",
    ).run();
    migrate(db);
    const w = db
      .query<{ all_channels: number; edited_by: number | null }, []>("SELECT * FROM workflows")
      .get();
    expect(w).toEqual(expect.objectContaining({ all_channels: 1, edited_by: null }));
  });
});
