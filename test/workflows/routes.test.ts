import { describe, expect, test } from "bun:test";
import { addUser, adminSession, postForm, signIn } from "../helpers/app.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { insertNotification } from "../../src/notifications/store.ts";
import { insertPermissionSet } from "../../src/auth/teams-store.ts";
import { findWorkflow, listWorkflows } from "../../src/workflows/store.ts";
import { addWorkflow, createRecord, makeWorkflowApp, runsOf, send } from "./fixtures.ts";

const makeApp = makeWorkflowApp;

const base = {
  name: "Invoice reply",
  record_type: "contact",
  enabled: "1",
  pattern: "INVOICE",
  all_channels: "1",
};
const sendStep = (i: number, over: Record<string, string> = {}) => ({
  [`s.${i}.kind`]: "send_whatsapp",
  [`s.${i}.channel`]: "trigger",
  [`s.${i}.recipient`]: "sender",
  [`s.${i}.recipient_phone`]: "",
  [`s.${i}.text`]: "Here it is",
  [`s.${i}.attachment`]: "invoice",
  ...Object.fromEntries(Object.entries(over).map(([k, v]) => [`s.${i}.${k}`, v])),
});

describe("workflow editor", () => {
  test("only people with workflows.manage reach workflows", async () => {
    const t = makeApp();
    await addUser(t, "agent@example.com", { sets: ["Agent"] });
    const agent = await signIn(t, "agent@example.com");
    expect((await t.request("/workflows", { session: agent })).status).toBe(403);
    expect(await (await t.request("/templates", { session: agent })).text()).not.toContain(
      'href="/workflows"',
    );
    const admin = await adminSession(t);
    expect(await (await t.request("/templates", { session: admin })).text()).toContain('href="/workflows"');
    expect((await t.request("/workflows/new", { session: agent })).status).toBe(403);
    expect((await postForm(t, "/workflows", agent, base)).status).toBe(403);
    expect(listWorkflows(t.db)).toHaveLength(0);
  });

  test("Add step, move and remove change the form without saving", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    let res = await postForm(t, "/workflows", admin, { ...base, op: "add", add_kind: "wait" });
    expect(res.status).toBe(200);
    let html = await res.text();
    expect(html).toContain('name="s.0.kind" value="wait"');
    res = await postForm(t, "/workflows", admin, {
      ...base,
      ...sendStep(0),
      "s.1.kind": "wait",
      "s.1.amount": "2",
      "s.1.unit": "days",
      op: "up:1",
    });
    html = await res.text();
    expect(html.indexOf('name="s.0.kind" value="wait"')).toBeGreaterThan(-1);
    expect(html).toContain('name="s.1.kind" value="send_whatsapp"');
    res = await postForm(t, "/workflows", admin, {
      ...base,
      ...sendStep(0),
      "s.1.kind": "wait",
      "s.1.amount": "2",
      "s.1.unit": "days",
      op: "remove:0",
    });
    html = await res.text();
    expect(html).toContain('name="s.0.kind" value="wait"');
    expect(html).not.toContain("s.1.kind");
    expect(listWorkflows(t.db)).toHaveLength(0);
  });

  test("an htmx step change answers with the form alone", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const body = new URLSearchParams({ _csrf: admin.csrf, ...base, op: "add", add_kind: "notify" });
    const res = await t.request("/workflows", {
      method: "POST",
      body,
      session: admin,
      headers: { "hx-request": "true" },
    });
    const html = await res.text();
    expect(html.startsWith("<form")).toBe(true);
    expect(html).toContain("Notify a user");
  });

  test("saving checks every field: errors come back next to them, nothing is stored", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const res = await postForm(t, "/workflows", admin, {
      ...base,
      name: "",
      ...sendStep(0, {
        text: "{{ __data.incoming_whatsapp.text | nosuch }}",
        recipient: "phone",
        recipient_phone: "12",
      }),
      "s.1.kind": "wait",
      "s.1.amount": "0",
      "s.1.unit": "hours",
      "s.2.kind": "webhook",
      "s.2.url": "ftp://example.com",
      "s.3.kind": "condition",
      "s.3.expression": "",
      "s.4.kind": "send_whatsapp",
      "s.4.channel": "999",
      "s.4.recipient": "sender",
      "s.4.text": "hi",
      "s.4.attachment": "none",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter a name.");
    expect(html).toContain("Template error: undefined filter: nosuch");
    expect(html).toContain("international format");
    expect(html).toContain("Enter a whole number from 1 to 10,000.");
    expect(html).toContain("Enter an http:// or https:// address.");
    expect(html).toContain("Enter a condition.");
    expect(html).toContain("Choose a channel you can use.");
    expect(listWorkflows(t.db)).toHaveLength(0);
  });

  test("a workflow needs at least one step: saving none (or only a forged kind) is refused above the step list", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const attempts: Record<string, string>[] = [{}, { "s.0.kind": "evil", "s.0.url": "http://example.com" }];
    for (const steps of attempts) {
      const res = await postForm(t, "/workflows", admin, { ...base, ...steps });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain("Please correct the fields marked below.");
      expect(html).toContain('<p class="error" id="steps-error">Add at least one step.</p>');
    }
    expect(listWorkflows(t.db)).toHaveLength(0);
  });

  test("a valid workflow is saved, shown again for editing, and switched off from the list", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const res = await postForm(t, "/workflows", admin, {
      ...base,
      ...sendStep(0),
      "s.1.kind": "wait",
      "s.1.amount": "1",
      "s.1.unit": "hours",
    });
    expect(res.status).toBe(303);
    const [w] = listWorkflows(t.db);
    expect(w).toMatchObject({
      name: "Invoice reply",
      record_type: "contact",
      enabled: 1,
      pattern: "INVOICE",
    });
    expect(w!.steps).toEqual([
      {
        kind: "send_whatsapp",
        channel: "trigger",
        recipient: "sender",
        text: "Here it is",
        attachment: "invoice",
        file: null,
      },
      { kind: "wait", amount: 1, unit: "hours" },
    ]);
    const page = await (await t.request(`/workflows/${w!.id}`, { session: admin })).text();
    expect(page).toContain('value="Invoice reply"');
    expect(page).toContain("Here it is");
    await postForm(t, `/workflows/${w!.id}/toggle`, admin, {});
    expect(findWorkflow(t.db, w!.id)!.enabled).toBe(0);
  });

  test("a fixed recipient number follows the chosen channel's country prefix, like every other send path", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const channelId = makeChannel(t.db);
    t.db.query("UPDATE channels SET country_prefix = '+44' WHERE id = ?").run(channelId);
    const res = await postForm(t, "/workflows", admin, {
      ...base,
      ...sendStep(0, { channel: String(channelId), recipient: "phone", recipient_phone: "07700 900-123" }),
    });
    expect(res.status).toBe(303);
    expect(listWorkflows(t.db)[0]!.steps[0]).toMatchObject({
      channel: channelId,
      recipient: "+447700900123",
    });
  });

  test("a file uploaded in a Send step is stored and kept; a forged file reference is refused", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const form = new FormData();
    form.set("_csrf", admin.csrf);
    for (const [k, v] of Object.entries({ ...base, ...sendStep(0, { attachment: "file", text: "" }) }))
      form.set(k, v);
    form.set(
      "s.0.file",
      new File([new Uint8Array([37, 80, 68, 70, 45])], "price-list.pdf", { type: "application/pdf" }),
    );
    const res = await t.request("/workflows", { method: "POST", body: form, session: admin });
    expect(res.status).toBe(303);
    const step = listWorkflows(t.db)[0]!.steps[0]!;
    expect(step).toMatchObject({
      kind: "send_whatsapp",
      attachment: "file",
      file: { mime: "application/pdf", size: 5, fileName: "price-list.pdf" },
    });

    const forged = await postForm(t, "/workflows", admin, {
      ...base,
      name: "Forged",
      ...sendStep(0, {
        attachment: "file",
        file_sha: "a".repeat(64),
        file_mime: "image/png",
        file_size: "1",
        file_name: "x.png",
        file_sig: "nope",
      }),
    });
    expect(forged.status).toBe(422);
    expect(await forged.text()).toContain("Choose a file to attach.");
  });

  test("the Last 10 inbound messages panel shows only the editor's channels and marks matches", async () => {
    const t = makeApp();
    const mine = makeChannel(t.db, "+14155550100");
    const hidden = makeChannel(
      t.db,
      "+14155550101",
      '{"all":false,"permissionSets":[],"groups":[],"users":[]}',
    );
    t.s.services.ingest.ingest(inbound(mine, { text: "INVOICE please" }));
    t.s.services.ingest.ingest(inbound(mine, { text: "invoice" }));
    t.s.services.ingest.ingest(inbound(hidden, { text: "secret invoice" }));
    // A workflow builder who does not manage channels sees only the channels shared with them.
    insertPermissionSet(t.db, "Builder", ["workflows.manage"], 0);
    await addUser(t, "builder@example.com", { sets: ["Builder"] });
    const admin = await signIn(t, "builder@example.com");
    const res = await t.request(`/workflows/pattern-preview?pattern=${encodeURIComponent("invoice")}`, {
      session: admin,
    });
    const html = await res.text();
    expect(html).toContain("1 of");
    expect(html).toContain("INVOICE please");
    expect(html).not.toContain("secret invoice");
    expect((html.match(/data-match="yes"/g) ?? []).length).toBe(1);
    const wild = await (
      await t.request(`/workflows/pattern-preview?pattern=${encodeURIComponent("invoice*")}`, {
        session: admin,
      })
    ).text();
    expect((wild.match(/data-match="yes"/g) ?? []).length).toBe(2);
    const page = await (await t.request("/workflows/new", { session: admin })).text();
    expect(page).toContain("Last 10 inbound messages");
    expect(page).toContain('hx-trigger="input changed delay:250ms"');
  });
});

describe("patterns with hyphens and other punctuation", () => {
  test("a pattern with a hyphen is saved, its page opens, and the preview marks the messages it matches", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const channelId = makeChannel(t.db);
    t.s.services.ingest.ingest(inbound(channelId, { text: "Check-in at 3?" }));
    t.s.services.ingest.ingest(inbound(channelId, { text: "check in at 3?" }));
    const pattern = "check-in*";
    const preview = await t.request(`/workflows/pattern-preview?pattern=${encodeURIComponent(pattern)}`, {
      session: admin,
    });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("(1 of 2 match)");
    const saved = await postForm(t, "/workflows", admin, { ...base, pattern, ...sendStep(0) });
    expect(saved.status).toBe(303);
    const [w] = listWorkflows(t.db);
    expect(w!.pattern).toBe(pattern);
    const page = await t.request(`/workflows/${w!.id}`, { session: admin });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="check-in*"');
    expect(html).toContain("(1 of 2 match)");
    const list = await t.request("/workflows", { session: admin });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("<code>check-in*</code>");
  });
});

describe("run log", () => {
  test("lists runs with their steps and errors; a failed run can be re-run", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const channelId = makeChannel(t.db);
    createRecord(t.s, "contact", { name: "Ann Lee", phone: "+447700900123" });
    const flow = addWorkflow(t.s, "contact", [send("hello")], { name: "Greeter" });
    t.s.control.failWith = "not on WhatsApp";
    t.s.services.ingest.ingest(inbound(channelId, { peerPhone: "+447700900123", text: "hi there" }));
    await t.s.drain();
    const run = runsOf(t.s, flow)[0]!;
    expect(run.status).toBe("failed");

    const list = await (await t.request(`/workflows/${flow}/runs`, { session: admin })).text();
    expect(list).toContain("Ann Lee");
    expect(list).toContain("hi there");
    expect(list).toContain("not on WhatsApp");
    const detail = await (await t.request(`/workflows/${flow}/runs/${run.id}`, { session: admin })).text();
    expect(detail).toContain("Re-run from the failed step");
    expect(detail).toContain("&quot;text&quot;: &quot;hi there&quot;");

    t.s.control.failWith = null;
    expect((await postForm(t, `/workflows/${flow}/runs/${run.id}/rerun`, admin, {})).status).toBe(303);
    await t.s.drain();
    expect(runsOf(t.s, flow)[0]!.status).toBe("done");
    expect(t.s.sent).toHaveLength(1);
    expect((await postForm(t, `/workflows/${flow}/runs/${run.id}/rerun`, admin, {})).status).toBe(409);
    expect((await t.request(`/workflows/${flow}/runs/99999`, { session: admin })).status).toBe(404);
  });
});

describe("run log: skipped steps", () => {
  test("a step skipped by a false condition reads as not run, without an empty start time", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const channelId = makeChannel(t.db);
    createRecord(t.s, "contact", { name: "Ann Lee", phone: "+447700900123" });
    const flow = addWorkflow(t.s, "contact", [
      { kind: "condition", expression: "__data.incoming_whatsapp.is_group == true" },
      send("groups only"),
    ]);
    t.s.services.ingest.ingest(inbound(channelId, { peerPhone: "+447700900123", text: "hi" }));
    await t.s.drain();
    const run = runsOf(t.s, flow)[0]!;
    const detail = await (await t.request(`/workflows/${flow}/runs/${run.id}`, { session: admin })).text();
    expect(detail).toContain("condition is false: the remaining steps were skipped");
    expect(detail).toContain('<small class="muted">not run (');
    expect(detail).not.toContain("started —");
  });
});

describe("run log access", () => {
  test("a workflow builder without access to a channel sees none of its runs: not listed, 404 for the page and Re-run", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    insertPermissionSet(t.db, "Builder", ["workflows.manage"], 0);
    await addUser(t, "builder@example.com", { sets: ["Builder"] });
    const builder = await signIn(t, "builder@example.com");
    const hidden = makeChannel(
      t.db,
      "+14155550199",
      JSON.stringify({ all: false, permissionSets: [], groups: [], users: [admin.userId] }),
    );
    createRecord(t.s, "contact", { name: "Ann Lee", phone: "+447700900123" });
    const flow = addWorkflow(t.s, "contact", [send("hello")], { name: "Greeter" });
    t.s.control.failWith = "not on WhatsApp";
    t.s.services.ingest.ingest(inbound(hidden, { peerPhone: "+447700900123", text: "private words" }));
    await t.s.drain();
    const run = runsOf(t.s, flow)[0]!;

    expect(await (await t.request(`/workflows/${flow}/runs`, { session: admin })).text()).toContain(
      "private words",
    );
    const list = await (await t.request(`/workflows/${flow}/runs`, { session: builder })).text();
    expect(list).not.toContain("private words");
    expect((await t.request(`/workflows/${flow}/runs/${run.id}`, { session: builder })).status).toBe(404);
    expect((await postForm(t, `/workflows/${flow}/runs/${run.id}/rerun`, builder, {})).status).toBe(404);
  });
});

describe("notifications", () => {
  test("the bell counts unread notifications; opening one marks it read and leads to the conversation", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const other = await addUser(t, "other@example.com");
    const id = insertNotification(
      t.db,
      { userId: admin.userId, title: "New file from Ann", body: "Deal: Kitchen refit", href: "/inbox/c/7" },
      0,
    );
    const theirs = insertNotification(
      t.db,
      { userId: other, title: "Not yours", body: "", href: "/inbox/c/8" },
      0,
    );
    let page = await (await t.request("/notifications", { session: admin })).text();
    expect(page).toContain("Notifications: 1 unread");
    expect(page).toContain("New file from Ann");
    expect(page).not.toContain("Not yours");
    const open = await postForm(t, `/notifications/${id}/open`, admin, {});
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe("/inbox/c/7");
    page = await (await t.request("/notifications", { session: admin })).text();
    expect(page).not.toContain("1 unread");
    expect((await postForm(t, `/notifications/${theirs}/open`, admin, {})).status).toBe(404);
  });

  test("the bell refreshes itself in place: its own URL answers the bell alone, with the current count", async () => {
    const t = makeApp();
    const admin = await adminSession(t);
    const page = await (await t.request("/workflows", { session: admin })).text();
    expect(page).toContain('hx-get="/notifications/bell"');
    let bell = await (
      await t.request("/notifications/bell", { session: admin, headers: { "hx-request": "true" } })
    ).text();
    expect(bell).toContain('aria-label="Notifications"');
    expect(bell).not.toContain("<html");
    insertNotification(
      t.db,
      { userId: admin.userId, title: "New file from <b>Ann</b>", body: "", href: "/inbox/c/7" },
      0,
    );
    bell = await (
      await t.request("/notifications/bell", { session: admin, headers: { "hx-request": "true" } })
    ).text();
    expect(bell).toContain("Notifications: 1 unread");
    expect(bell).toContain('<span class="bell-count">1</span>');
    expect(bell).toContain('hx-get="/notifications/bell"');
  });
});
