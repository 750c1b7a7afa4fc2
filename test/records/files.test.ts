import { describe, expect, test } from "bun:test";
import { extractText, getDocumentProxy } from "unpdf";
import {
  addUser,
  adminSession,
  makeTestApp,
  postForm,
  signIn,
  type Session,
  type TestApp,
} from "../helpers/app.ts";

const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

async function setup() {
  const t = makeTestApp();
  const admin = await adminSession(t);
  const res = await postForm(t, "/records/accounts", admin, { name: "Globex", phones: "+447700900123" });
  const path = res.headers.get("location")!.replace(/\?.*$/, "");
  return { t, admin, path };
}

function upload(
  t: TestApp,
  path: string,
  s: Session,
  name: string,
  bytes: Uint8Array | string,
  type: string,
) {
  const body = new FormData();
  body.set("_csrf", s.csrf);
  body.set("file", new File([bytes as BlobPart], name, { type }));
  return t.request(`${path}/attachments`, { method: "POST", body, session: s });
}

describe("attachments", () => {
  test("an image is previewed inline; any other file downloads with a safe name and nosniff", async () => {
    const { t, admin, path } = await setup();
    expect((await upload(t, path, admin, "logo.png", PNG, "image/png")).status).toBe(303);
    expect(
      (await upload(t, path, admin, 'evil"; name=.html', "<script>alert(1)</script>", "text/html")).status,
    ).toBe(303);
    const page = await (await t.request(path, { session: admin })).text();
    const [htmlId, pngId] = [...page.matchAll(/attachments\/(\d+)\?download=1/g)].map((m) => m[1]);
    expect(page).toContain(`<img src="${path}/attachments/${pngId}"`);

    const img = await t.request(`${path}/attachments/${pngId}`, { session: admin });
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("content-disposition")).toStartWith("inline");

    const html = await t.request(`${path}/attachments/${htmlId}`, { session: admin });
    expect(html.headers.get("content-type")).toBe("application/octet-stream");
    expect(html.headers.get("x-content-type-options")).toBe("nosniff");
    // The name cannot break out of its quotes to add parameters of its own.
    expect(html.headers.get("content-disposition")).toMatch(
      /^attachment; filename="[^"]*\.html"; filename\*=UTF-8''[^"; ]+$/,
    );
  });

  test("reading needs a signed-in user; uploading needs records.edit", async () => {
    const { t, admin, path } = await setup();
    await upload(t, path, admin, "a.txt", "hello", "text/plain");
    const id = /attachments\/(\d+)\?download=1/.exec(
      await (await t.request(path, { session: admin })).text(),
    )![1];
    expect((await t.request(`${path}/attachments/${id}`)).status).toBe(303);
    t.db
      .query("INSERT INTO permission_sets (name, permissions, created_at) VALUES ('Viewer', '[]', 0)")
      .run();
    await addUser(t, "viewer@example.com", { sets: ["Viewer"] });
    const viewer = await signIn(t, "viewer@example.com");
    expect((await t.request(`${path}/attachments/${id}`, { session: viewer })).status).toBe(200);
    expect((await upload(t, path, viewer, "b.txt", "x", "text/plain")).status).toBe(403);
    expect((await postForm(t, `${path}/attachments/${id}/delete`, viewer, {})).status).toBe(403);
  });

  test("an attachment is only reachable under its own record", async () => {
    const { t, admin, path } = await setup();
    await upload(t, path, admin, "a.txt", "hello", "text/plain");
    const id = /attachments\/(\d+)\?download=1/.exec(
      await (await t.request(path, { session: admin })).text(),
    )![1];
    const other = (await postForm(t, "/records/accounts", admin, { name: "Other" })).headers
      .get("location")!
      .replace(/\?.*$/, "");
    expect((await t.request(`${other}/attachments/${id}`, { session: admin })).status).toBe(404);
  });

  test("submitting without a file says so next to the picker", async () => {
    const { t, admin, path } = await setup();
    const body = new FormData();
    body.set("_csrf", admin.csrf);
    const res = await t.request(`${path}/attachments`, { method: "POST", body, session: admin });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose a file to upload.");
  });
});

describe("invoices over HTTP", () => {
  const lines = {
    line_description: ["Consulting", "", "Travel"],
    line_quantity: ["2", "", "1"],
    line_unit_price: ["100", "", "35.50"],
  };

  test("create an invoice, see it on the record, download its PDF with the total", async () => {
    const { t, admin, path } = await setup();
    const form = await (await t.request(`${path}/invoices/new?kind=invoice`, { session: admin })).text();
    expect(form).toContain('value="INV-0001"');
    const res = await postForm(t, `${path}/invoices`, admin, {
      kind: "invoice",
      number: "INV-0001",
      issue_date: "2026-01-15",
      status: "sent",
      tax_percent: "10",
      notes: "",
      ...lines,
    });
    expect(res.status).toBe(303);
    const page = await (await t.request(path, { session: admin })).text();
    expect(page).toContain("INV-0001");
    expect(page).toContain("259.05");
    const id = /\/records\/invoices\/(\d+)\/pdf/.exec(page)![1];
    const pdf = await t.request(`/records/invoices/${id}/pdf`, { session: admin });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), {
      mergePages: true,
    });
    expect(text).toContain("INV-0001");
    expect(text).toContain("259.05");
  });

  test("bad dates, duplicate numbers and broken lines are refused next to their fields", async () => {
    const { t, admin, path } = await setup();
    await postForm(t, `${path}/invoices`, admin, {
      kind: "invoice",
      number: "INV-7",
      issue_date: "2026-01-15",
      status: "draft",
      tax_percent: "0",
      notes: "",
      ...lines,
    });
    const res = await postForm(t, `${path}/invoices`, admin, {
      kind: "invoice",
      number: "INV-7",
      issue_date: "2026-02-30",
      status: "paid",
      tax_percent: "250",
      notes: "",
      line_description: ["<img src=x onerror=alert(1)>"],
      line_quantity: ["-1"],
      line_unit_price: ["5"],
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Not a real date");
    expect(html).toContain("Another invoice or quote already has this number");
    expect(html).toContain("At most 100");
    expect(html).toContain("Line 1: Quantity");
    expect(html).not.toContain("<img src=x");
  });

  test("leads and cases have no invoices", async () => {
    const { t, admin } = await setup();
    const lead = (await postForm(t, "/records/leads", admin, { first_name: "Lee", status: "new" })).headers
      .get("location")!
      .replace(/\?.*$/, "");
    expect((await t.request(`${lead}/invoices/new`, { session: admin })).status).toBe(404);
  });
});

describe("CSV import over HTTP", () => {
  test("upload, map the columns, get a report of refused rows", async () => {
    const { t, admin } = await setup();
    const body = new FormData();
    body.set("_csrf", admin.csrf);
    body.set("type", "lead");
    body.set(
      "file",
      new File(["Who,Tel,Org\nAnn Lee,+447700900555,Acme\nNo Phone,,\n"], "leads.csv", { type: "text/csv" }),
    );
    const mapping = await t.request("/records/import", { method: "POST", body, session: admin });
    expect(mapping.status).toBe(200);
    const html = await mapping.text();
    const file = /name="file" value="([^"]+)"/.exec(html)![1]!;
    const res = await postForm(t, "/records/import/run", admin, {
      type: "lead",
      file,
      map_full_name: "0",
      map_phone: "1",
      map_company: "2",
    });
    const report = await res.text();
    expect(report).toContain("Imported 1 lead; refused 1 row.");
    expect(report).toContain("no phone number or email to reach them by");
  });

  test("a file saved by Excel on Windows (Windows-1252, semicolons) keeps its accents", async () => {
    const { t, admin } = await setup();
    const body = new FormData();
    body.set("_csrf", admin.csrf);
    body.set("type", "contact");
    // "Name;Phone\r\nJürgen Müller;+447700900556\r\n" in Windows-1252: ü is the single byte 0xFC.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("Name;Phone\r\nJ"),
      0xfc,
      ...new TextEncoder().encode("rgen M"),
      0xfc,
      ...new TextEncoder().encode("ller;+447700900556\r\n"),
    ]);
    body.set("file", new File([bytes], "contacts.csv", { type: "text/csv" }));
    const mapping = await t.request("/records/import", { method: "POST", body, session: admin });
    const html = await mapping.text();
    expect(html).toContain("Jürgen Müller");
    const file = /name="file" value="([^"]+)"/.exec(html)![1]!;
    const res = await postForm(t, "/records/import/run", admin, {
      type: "contact",
      file,
      map_full_name: "0",
      map_phone: "1",
    });
    expect(await res.text()).toContain("Imported 1 contact; refused 0 rows.");
    expect(t.db.query("SELECT name FROM records").all()).toContainEqual({ name: "Jürgen Müller" });
  });

  test("a forged file reference is refused", async () => {
    const { t, admin } = await setup();
    const res = await postForm(t, "/records/import/run", admin, {
      type: "contact",
      file: "../../etc/passwd",
      map_full_name: "0",
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("upload it again");
  });
});

describe("Settings → Company", () => {
  test("the name, region and logo are saved; a non-image logo is refused", async () => {
    const { t, admin } = await setup();
    const bad = new FormData();
    bad.set("_csrf", admin.csrf);
    bad.set("company_name", "Acme");
    bad.set("region", "GB");
    bad.set("logo", new File(["<svg onload=alert(1)>"], "logo.svg", { type: "image/svg+xml" }));
    const refused = await t.request("/settings/company", { method: "POST", body: bad, session: admin });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("The logo must be a PNG or JPEG image");

    const good = new FormData();
    good.set("_csrf", admin.csrf);
    good.set("company_name", "Acme");
    good.set("region", "GB");
    good.set("logo", new File([PNG], "logo.png", { type: "image/png" }));
    expect(
      (await t.request("/settings/company", { method: "POST", body: good, session: admin })).status,
    ).toBe(303);
    expect((await t.request("/settings/company/logo", { session: admin })).headers.get("content-type")).toBe(
      "image/png",
    );
    // National numbers are now read as British.
    const res = await postForm(t, "/records/contacts", admin, { first_name: "Ann", phones: "07700 900999" });
    expect(res.status).toBe(303);
    expect(t.db.query("SELECT e164 FROM record_phones WHERE original = '07700 900999'").get()).toEqual({
      e164: "+447700900999",
    });
  });

  test("only settings.manage may change it", async () => {
    const { t } = await setup();
    await addUser(t, "agent@example.com", { sets: ["Agent"] });
    const agent = await signIn(t, "agent@example.com");
    expect((await t.request("/settings/company", { session: agent })).status).toBe(403);
  });
});
