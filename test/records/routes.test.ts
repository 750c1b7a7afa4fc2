import { describe, expect, test } from "bun:test";
import {
  addUser,
  adminSession,
  makeTestApp,
  postForm,
  signIn,
  type Session,
  type TestApp,
} from "../helpers/app.ts";
import { inbound, makeChannel } from "../inbox/fixtures.ts";
import { saveCompanySettings } from "../../src/records/settings.ts";

async function setup() {
  const t = makeTestApp();
  const admin = await adminSession(t);
  saveCompanySettings(t.db, { companyName: "Acme", defaultRegion: "GB" });
  return { t, admin };
}

async function createContact(t: TestApp, s: Session, fields: Record<string, string>) {
  const res = await postForm(t, "/records/contacts", s, { first_name: "Ann", last_name: "Lee", ...fields });
  return res;
}

/** The inbox's Create contact button: its POST, then the form the browser is sent on to. */
async function createFromConversation(t: TestApp, s: Session, conversationId: number): Promise<string> {
  const res = await postForm(t, `/records/from-conversation/${conversationId}`, s, { type: "contact" });
  return (await t.request(res.headers.get("location")!, { session: s })).text();
}

function idFrom(res: Response): number {
  return Number(/\/records\/\w+\/(\d+)/.exec(res.headers.get("location") ?? "")![1]);
}

describe("records pages", () => {
  test("creating a contact stores its national number as E.164 and shows it on its page", async () => {
    const { t, admin } = await setup();
    const res = await createContact(t, admin, { phones: "07700 900123", email: "ann@example.com" });
    expect(res.status).toBe(303);
    const page = await (await t.request(res.headers.get("location")!, { session: admin })).text();
    expect(page).toContain("Ann Lee");
    expect(page).toContain("07700 900123");
    expect(page).toContain("+447700900123");
    expect(page).toContain(`/inbox/compose?to=%2B447700900123&amp;record=contact:${idFrom(res)}`);
  });

  test("validation messages sit next to their fields and nothing is stored", async () => {
    const { t, admin } = await setup();
    const res = await postForm(t, "/records/contacts", admin, {
      first_name: "",
      email: "not-an-email",
      phones: "12ab",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Required");
    expect(html).toContain("Not a valid email address");
    expect(html).toMatch(/may only hold digits/);
    expect(t.db.query("SELECT COUNT(*) AS n FROM records").get()).toEqual({ n: 0 });
  });

  test("a deal's stage must be one of the list and its amount a number", async () => {
    const { t, admin } = await setup();
    const res = await postForm(t, "/records/deals", admin, {
      name: "Big deal",
      stage: "dreaming",
      amount: "lots",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Pick one of: prospecting");
    expect(html).toContain("A number such as 1250");
    const negative = await postForm(t, "/records/deals", admin, {
      name: "Big deal",
      stage: "won",
      amount: "-5",
    });
    expect(negative.status).toBe(422);
    expect(await negative.text()).toContain("An amount cannot be negative");
    expect(t.db.query("SELECT COUNT(*) AS n FROM records").get()).toEqual({ n: 0 });
  });

  test("script in a name is shown as text, never run", async () => {
    const { t, admin } = await setup();
    const res = await createContact(t, admin, { first_name: "<script>alert(1)</script>" });
    const page = await (await t.request(res.headers.get("location")!, { session: admin })).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("search finds a record by name prefix, email and phone written any way", async () => {
    const { t, admin } = await setup();
    await createContact(t, admin, {
      first_name: "Zoe",
      last_name: "Quinn",
      phones: "+44 7700 900555",
      email: "zq@example.org",
    });
    await createContact(t, admin, { first_name: "Bob", phones: "+44 7700 900666" });
    for (const q of ["zo", "Quinn", "zq@ex", "07700900555", "0044 7700-900-555", "+447700900555"]) {
      const html = await (
        await t.request(`/records/contacts?q=${encodeURIComponent(q)}`, { session: admin })
      ).text();
      expect(html, q).toContain("Zoe Quinn");
      expect(html, q).not.toContain("Bob");
    }
  });

  test("the list pages by id cursor, without repeating rows", async () => {
    const { t, admin } = await setup();
    const insert = t.db.query(
      "INSERT INTO records (type, name, first_name, notes, created_at, updated_at) VALUES ('contact', ?, ?, '', 0, 0)",
    );
    for (let i = 1; i <= 60; i++) insert.run(`Person ${String(i).padStart(2, "0")}`, `Person ${i}`);
    const first = await (await t.request("/records/contacts", { session: admin })).text();
    expect(first).toContain("Person 60");
    expect(first).not.toContain("Person 10<");
    const next = /href="(\/records\/contacts\?before=\d+)"/.exec(first)![1]!;
    const second = await (await t.request(next, { session: admin })).text();
    expect(second).toContain("Person 10<");
    expect(second).not.toContain("Person 60");
  });

  test("editing a record changes its phone; deleting removes it", async () => {
    const { t, admin } = await setup();
    const res = await createContact(t, admin, { phones: "+447700900123" });
    const id = idFrom(res);
    const edit = await postForm(t, `/records/contacts/${id}`, admin, {
      first_name: "Ann",
      last_name: "Smith",
      phones: "+33 6 12 34 56 78",
    });
    expect(edit.status).toBe(303);
    expect(t.db.query("SELECT e164 FROM record_phones WHERE record_id = ?").all(id)).toEqual([
      { e164: "+33612345678" },
    ]);
    expect(await (await t.request(`/records/contacts/${id}`, { session: admin })).text()).toContain(
      "Ann Smith",
    );
    expect((await postForm(t, `/records/contacts/${id}/delete`, admin, {})).status).toBe(303);
    expect((await t.request(`/records/contacts/${id}`, { session: admin })).status).toBe(404);
  });

  test("a deleted record's id is never given to a new record", async () => {
    const { t, admin } = await setup();
    const first = await postForm(t, "/records/contacts", admin, {
      first_name: "Ann",
      phones: "+447700900123",
    });
    const firstUrl = first.headers.get("location")!.replace(/\?.*$/, "");
    expect((await postForm(t, `${firstUrl}/delete`, admin, {})).status).toBe(303);
    const second = await postForm(t, "/records/contacts", admin, {
      first_name: "Bob",
      phones: "+447700900124",
    });
    expect(second.headers.get("location")!.replace(/\?.*$/, "")).not.toBe(firstUrl);
    expect((await t.request(firstUrl, { session: admin })).status).toBe(404);
  });

  test("a record is found only under its own type's URL", async () => {
    const { t, admin } = await setup();
    const id = idFrom(await createContact(t, admin, {}));
    expect((await t.request(`/records/leads/${id}`, { session: admin })).status).toBe(404);
    expect((await t.request(`/records/things/${id}`, { session: admin })).status).toBe(404);
  });
});

describe("every record type", () => {
  test("lists, forms and pages render for contacts, leads, accounts, deals and cases", async () => {
    const { t, admin } = await setup();
    const acct = idFrom(
      await postForm(t, "/records/accounts", admin, { name: "Globex", email: "hi@globex.example" }),
    );
    const contact = idFrom(
      await postForm(t, "/records/contacts", admin, {
        first_name: "Ann",
        account_id: String(acct),
        owner_user_id: String(admin.userId),
      }),
    );
    const made = {
      lead: await postForm(t, "/records/leads", admin, {
        first_name: "Lee",
        company: "Initech",
        status: "qualified",
      }),
      deal: await postForm(t, "/records/deals", admin, {
        name: "Renewal",
        account_id: String(acct),
        contact_id: String(contact),
        amount: "1,250.50",
        stage: "proposal",
      }),
      case: await postForm(t, "/records/cases", admin, {
        name: "Broken widget",
        contact_id: String(contact),
        status: "open",
      }),
    };
    for (const res of Object.values(made)) expect(res.status).toBe(303);
    for (const slug of ["contacts", "leads", "accounts", "deals", "cases"]) {
      const list = await t.request(`/records/${slug}`, { session: admin });
      expect(list.status).toBe(200);
      // Deals and cases have no email of their own: their lists show no empty Email column.
      const listHtml = await list.text();
      expect(listHtml.includes("<th>Email</th>")).toBe(slug !== "deals" && slug !== "cases");
      if (slug === "leads") expect(listHtml).toContain("<th>Company · status</th>");
      expect((await t.request(`/records/${slug}/new`, { session: admin })).status).toBe(200);
    }
    const deal = await (await t.request(made.deal.headers.get("location")!, { session: admin })).text();
    expect(deal).toContain("1,250.50");
    expect(deal).toContain(`href="/records/accounts/${acct}">Globex`);
    // Without numbers of their own, the deal and the case have no WhatsApp button until their contact has one.
    expect(deal).not.toContain("/inbox/compose");
    await postForm(t, `/records/contacts/${contact}`, admin, {
      first_name: "Ann",
      account_id: String(acct),
      owner_user_id: String(admin.userId),
      phones: "+44 7700 900123",
    });
    const casePage = await (await t.request(made.case.headers.get("location")!, { session: admin })).text();
    expect(casePage).toContain(
      `href="/inbox/compose?to=%2B447700900123&amp;record=case:${idFrom(made.case)}">WhatsApp Ann</a>`,
    );
    const contactPage = await (await t.request(`/records/contacts/${contact}`, { session: admin })).text();
    expect(contactPage).toContain(">Admin<");
    expect((await t.request(`/records/deals/${idFrom(made.deal)}/edit`, { session: admin })).status).toBe(
      200,
    );
  });

  test("a reference to a record of the wrong type is refused", async () => {
    const { t, admin } = await setup();
    const lead = idFrom(await postForm(t, "/records/leads", admin, { first_name: "Lee", status: "new" }));
    const res = await postForm(t, "/records/deals", admin, {
      name: "X",
      stage: "won",
      account_id: String(lead),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("No longer exists: pick again");
  });
});

describe("records access", () => {
  test("reading needs a signed-in user", async () => {
    const { t } = await setup();
    const res = await t.request("/records/contacts");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/login");
  });

  test("without records.edit a user can read but not create, edit, delete or import", async () => {
    const { t, admin } = await setup();
    const id = idFrom(await createContact(t, admin, {}));
    t.db
      .query("INSERT INTO permission_sets (name, permissions, created_at) VALUES ('Viewer', '[]', 0)")
      .run();
    await addUser(t, "viewer@example.com", { sets: ["Viewer"] });
    const viewer = await signIn(t, "viewer@example.com");
    expect((await t.request(`/records/contacts/${id}`, { session: viewer })).status).toBe(200);
    expect((await createContact(t, viewer, {})).status).toBe(403);
    expect((await postForm(t, `/records/contacts/${id}`, viewer, { first_name: "X" })).status).toBe(403);
    expect((await postForm(t, `/records/contacts/${id}/delete`, viewer, {})).status).toBe(403);
    expect((await t.request("/records/import", { session: viewer })).status).toBe(403);
    expect(await (await t.request(`/records/contacts/${id}`, { session: viewer })).text()).not.toContain(
      ">Edit<",
    );
  });

  test("the timeline shows only conversations of channels the user may access", async () => {
    const { t, admin } = await setup();
    const open = makeChannel(t.db, "+14155550100");
    const closed = makeChannel(
      t.db,
      "+14155550101",
      '{"all":false,"permissionSets":[],"groups":[],"users":[]}',
    );
    t.deps.services.ingest.ingest(
      inbound(open, { peerPhone: "+447700900123", text: "hello on the open line" }),
    );
    t.deps.services.ingest.ingest(
      inbound(closed, { peerPhone: "+447700900123", text: "secret on the closed line" }),
    );
    const id = idFrom(await createContact(t, admin, { phones: "+447700900123" }));
    await addUser(t, "agent@example.com", { sets: ["Agent"] });
    const agent = await signIn(t, "agent@example.com");
    const html = await (await t.request(`/records/contacts/${id}`, { session: agent })).text();
    expect(html).toContain("hello on the open line");
    expect(html).not.toContain("secret on the closed line");
  });
});

describe("conversations without a customer", () => {
  test("Create contact from a conversation prefills its number and name, and links it", async () => {
    const { t, admin } = await setup();
    const ch = makeChannel(t.db);
    t.deps.services.ingest.ingest(inbound(ch, { peerPhone: "+33612345678", senderName: "Marie Curie" }));
    const conv = t.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!;
    const form = await createFromConversation(t, admin, conv.id);
    expect(form).toContain("+33612345678");
    expect(form).toContain('value="Marie"');
    const res = await postForm(t, "/records/contacts", admin, {
      first_name: "Marie",
      last_name: "Curie",
      phones: "+33612345678",
      conversation: String(conv.id),
    });
    expect(res.status).toBe(303);
    expect(
      t.db.query("SELECT record_type FROM conversation_links WHERE conversation_id = ?").all(conv.id),
    ).toEqual([{ record_type: "contact" }]);
  });

  test("Create contact lands on a page of its own: reloading it asks the browser to resubmit nothing", async () => {
    const { t, admin } = await setup();
    const ch = makeChannel(t.db);
    t.deps.services.ingest.ingest(inbound(ch, { peerPhone: "+33612345678", senderName: "Marie Curie" }));
    const conv = t.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!;
    const res = await postForm(t, `/records/from-conversation/${conv.id}`, admin, { type: "lead" });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toBe(`/records/from-conversation/${conv.id}?type=lead`);
    // The reload is a plain GET of that address: the same prefilled form, nothing stored.
    for (let i = 0; i < 2; i++) {
      const again = await t.request(location, { session: admin });
      expect(again.status).toBe(200);
      const html = await again.text();
      expect(html).toContain("New lead from this conversation");
      expect(html).toContain("+33612345678");
      expect(html).toContain('value="Marie"');
      expect(html).toContain(`name="conversation" value="${conv.id}"`);
    }
    expect(t.db.query("SELECT COUNT(*) AS n FROM records").get()).toEqual({ n: 0 });
  });

  test("Link to existing record searches and links by hand", async () => {
    const { t, admin } = await setup();
    const ch = makeChannel(t.db);
    t.deps.services.ingest.ingest(inbound(ch, { peerPhone: "+33612345678" }));
    const conv = t.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!;
    const acct = idFrom(await postForm(t, "/records/accounts", admin, { name: "Globex" }));
    const picker = await (
      await t.request(`/records/link-conversation/${conv.id}?q=glo`, { session: admin })
    ).text();
    expect(picker).toContain("Globex");
    const res = await postForm(t, `/records/link-conversation/${conv.id}`, admin, {
      type: "account",
      record: String(acct),
    });
    expect(res.status).toBe(303);
    expect(
      t.db.query("SELECT record_id FROM conversation_links WHERE conversation_id = ?").all(conv.id),
    ).toEqual([{ record_id: acct }]);
  });

  test("a conversation of a channel the user cannot access is a 404", async () => {
    const { t } = await setup();
    const closed = makeChannel(
      t.db,
      "+14155550101",
      '{"all":false,"permissionSets":[],"groups":[],"users":[]}',
    );
    t.deps.services.ingest.ingest(inbound(closed, { peerPhone: "+33612345678" }));
    const conv = t.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!;
    await addUser(t, "agent@example.com", { sets: ["Agent"] });
    const agent = await signIn(t, "agent@example.com");
    expect((await t.request(`/records/link-conversation/${conv.id}`, { session: agent })).status).toBe(404);
    expect(
      (await postForm(t, `/records/from-conversation/${conv.id}`, agent, { type: "contact" })).status,
    ).toBe(404);
    expect(
      (await t.request(`/records/from-conversation/${conv.id}?type=contact`, { session: agent })).status,
    ).toBe(404);
  });

  test("Unlink removes a link made by mistake", async () => {
    const { t, admin } = await setup();
    const ch = makeChannel(t.db);
    t.deps.services.ingest.ingest(inbound(ch, { peerPhone: "+33612345678" }));
    const conv = t.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!;
    const acct = idFrom(await postForm(t, "/records/accounts", admin, { name: "Globex" }));
    await postForm(t, `/records/link-conversation/${conv.id}`, admin, {
      type: "account",
      record: String(acct),
    });
    expect(
      await (await t.request(`/records/link-conversation/${conv.id}`, { session: admin })).text(),
    ).toContain("Unlink");
    expect(
      (await postForm(t, `/records/unlink-conversation/${conv.id}`, admin, { record: String(acct) })).status,
    ).toBe(303);
    expect(t.db.query("SELECT COUNT(*) AS n FROM conversation_links").get()).toEqual({ n: 0 });
  });

  test("Create from a group conversation fills in the group link instead of a number", async () => {
    const { t, admin } = await setup();
    const ch = makeChannel(t.db);
    t.deps.services.ingest.ingest(
      inbound(ch, {
        kind: "group",
        chatJid: "120363041234567890@g.us",
        peerPhone: null,
        groupSubject: "Acme support",
      }),
    );
    const conv = t.db.query<{ id: number }, []>("SELECT id FROM conversations").get()!;
    const form = await createFromConversation(t, admin, conv.id);
    expect(form).toContain('<option value="120363041234567890@g.us" selected="">');
  });
});

describe("the record timeline", () => {
  test("shows conversations newest first, with images previewed through the media route", async () => {
    const { t, admin } = await setup();
    const ch = makeChannel(t.db);
    t.deps.services.ingest.ingest(
      inbound(ch, { peerPhone: "+447700900123", text: "older chat", timestamp: 1_700_000_000_000 }),
    );
    t.deps.services.ingest.ingest(
      inbound(ch, {
        peerPhone: "+447700900123",
        type: "image",
        text: "look",
        media: { mime: "image/jpeg", size: 10, fileName: "p.jpg" },
        timestamp: 1_700_000_100_000,
      }),
    );
    const image = t.db.query<{ id: number }, []>("SELECT id FROM messages WHERE type = 'image'").get()!;
    t.db
      .query("UPDATE messages SET media_status = 'stored', media_sha256 = ? WHERE id = ?")
      .run("a".repeat(64), image.id);
    const group = "120363041234567890@g.us";
    t.deps.services.ingest.ingest(
      inbound(ch, {
        kind: "group",
        chatJid: group,
        peerPhone: null,
        groupSubject: "Acme support",
        text: "group hello",
        timestamp: 1_700_000_200_000,
      }),
    );
    const id = idFrom(
      await postForm(t, "/records/accounts", admin, {
        name: "Acme",
        phones: "+447700900123",
        group_jid: group,
      }),
    );
    const html = await (await t.request(`/records/accounts/${id}`, { session: admin })).text();
    expect(html).toContain(`<img src="/media/${image.id}"`);
    expect(html.indexOf("group hello")).toBeLessThan(html.indexOf("older chat"));
    // A case known only by its group opens the group's chat instead of a new message.
    const theCase = idFrom(
      await postForm(t, "/records/cases", admin, { name: "Outage", status: "open", group_jid: group }),
    );
    const groupConv = t.db
      .query<{ id: number }, [string]>("SELECT id FROM conversations WHERE chat_jid = ?")
      .get(group)!;
    expect(await (await t.request(`/records/cases/${theCase}`, { session: admin })).text()).toContain(
      `href="/inbox/c/${groupConv.id}">WhatsApp group</a>`,
    );
  });
});
