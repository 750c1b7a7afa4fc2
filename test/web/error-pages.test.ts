import { describe, expect, test } from "bun:test";
import { createApp } from "../../src/app.ts";
import { addUser, adminSession, BASE, makeTestApp, signIn } from "../helpers/app.ts";

/** The page shell is there (navigation, stylesheet) and there is a way back. */
function inLayout(html: string) {
  expect(html).toContain('<nav class="mainnav" aria-label="Main">');
  expect(html).toContain('<a class="button secondary" href="/inbox">Go to the inbox</a>');
}

describe("error pages", () => {
  test("a missing permission is a 403 page in the layout, with Back to the page one came from", async () => {
    const t = makeTestApp();
    await addUser(t, "agent@example.com");
    const agent = await signIn(t, "agent@example.com");
    const res = await t.request("/workflows", {
      session: agent,
      headers: { referer: "http://localhost:3000/inbox?status=open" },
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    inLayout(html);
    expect(html).toContain("You need the workflows.manage permission for this page.");
    expect(html).toContain('<a class="button" href="/inbox?status=open">Back</a>');
  });

  test("Back is offered only for our own pages", async () => {
    const t = makeTestApp();
    await addUser(t, "agent@example.com");
    const agent = await signIn(t, "agent@example.com");
    const res = await t.request("/workflows", {
      session: agent,
      headers: { referer: "https://evil.example/x" },
    });
    expect(await res.text()).not.toContain(">Back</a>");
  });

  test("an expired form (CSRF) is a 403 page in the layout; htmx gets the sentence alone", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const body = new URLSearchParams({ _csrf: "wrong" });
    const res = await t.request("/notifications/read", { method: "POST", body, session: admin });
    expect(res.status).toBe(403);
    const html = await res.text();
    inLayout(html);
    expect(html).toContain("The form expired or was not sent from Pairbox. Reload the page and try again.");
    const hx = await t.request("/notifications/read", {
      method: "POST",
      body: new URLSearchParams({ _csrf: "wrong" }),
      session: admin,
      headers: { "hx-request": "true" },
    });
    expect(hx.status).toBe(403);
    expect(await hx.text()).toBe(
      "The form expired or was not sent from Pairbox. Reload the page and try again.",
    );
  });

  test("a cross-site form is refused with a page, not bare text", async () => {
    const t = makeTestApp();
    const res = await t.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email: "a@b.c", password: "x" }),
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("This request did not come from a Pairbox page.");
    expect(html).toContain('href="/inbox">Go to the inbox</a>');
  });

  test("404 and 500 are pages in the layout; the API still answers JSON", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const missing = await t.request("/no/such/page", { session: admin });
    expect(missing.status).toBe(404);
    inLayout(await missing.text());
    const app = createApp(t.deps);
    app.get("/boom", () => {
      throw new Error("kaboom");
    });
    const boom = await app.request(`${BASE}/boom`, { headers: { cookie: admin.cookie } });
    expect(boom.status).toBe(500);
    const html = await boom.text();
    inLayout(html);
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("kaboom");
    const api = await t.request("/api/v1/nothing");
    expect(api.headers.get("content-type")).toContain("application/json");
  });
});

describe("empty states lead to the next action", () => {
  test("the admin's empty inbox links to adding a number; an agent is told whom to ask", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const html = await (await t.request("/inbox", { session: admin })).text();
    expect(html).toContain('<a href="/channels/new">Add a WhatsApp number</a>');
    await addUser(t, "agent@example.com");
    const agent = await signIn(t, "agent@example.com");
    const agentHtml = await (await t.request("/inbox", { session: agent })).text();
    expect(agentHtml).not.toContain('href="/channels/new"');
    expect(agentHtml).toContain("Ask an administrator to share a WhatsApp number with you.");
  });

  test("empty records and workflows lists link to creating the first one", async () => {
    const t = makeTestApp();
    const admin = await adminSession(t);
    const records = await (await t.request("/records/contacts", { session: admin })).text();
    expect(records).toContain('<a href="/records/contacts/new">Add the first contact</a>');
    const workflows = await (await t.request("/workflows", { session: admin })).text();
    expect(workflows).toContain('<a href="/workflows/new?type=contact">start one for contacts</a>');
  });
});
