import { beforeAll, expect, test } from "bun:test";
import { adminSession, makeTestApp, postForm, type Session, type TestApp } from "../helpers/app.ts";
import { EMOJI_RTL, HUGE, liveMarkup, TRAVERSAL, XSS } from "./hostile.ts";

let t: TestApp;
let admin: Session;
let hasRecords = false;

beforeAll(async () => {
  t = makeTestApp({ maxUploadMb: 1, maxUploadBytes: 1024 * 1024 });
  admin = await adminSession(t);
  hasRecords = t.app.routes.some((r) => r.path === "/records/:types");
});

async function page(path: string) {
  const res = await t.request(path, { session: admin });
  return { status: res.status, html: await res.text() };
}

const contact = (fields: Record<string, string>) =>
  postForm(t, "/records/contacts", admin, {
    first_name: "Ann",
    last_name: "",
    email: "",
    phones: "+447700900123",
    notes: "",
    ...fields,
  });

const table: { what: string; send: () => Response | Promise<Response>; status: number | "4xx" }[] = [
  {
    what: "a script tag as the name (stored, escaped)",
    send: () => contact({ first_name: XSS, phones: "+447700900701" }),
    status: 303,
  },
  {
    what: "emoji and right-to-left text as the name",
    send: () => contact({ first_name: EMOJI_RTL, phones: "+447700900702" }),
    status: 303,
  },
  { what: "an invalid phone", send: () => contact({ phones: "call me maybe" }), status: 422 },
  { what: "no name", send: () => contact({ first_name: "" }), status: 422 },
  { what: "an invalid email", send: () => contact({ email: "<script>@" }), status: 422 },
  { what: "a 64 KB name", send: () => contact({ first_name: HUGE }), status: "4xx" },
  {
    what: "an unknown record type",
    send: () => postForm(t, "/records/spaceships", admin, { name: "x" }),
    status: 404,
  },
  {
    what: "a lead status that is not one",
    send: () => postForm(t, "/records/leads", admin, { first_name: "Lee", status: "<script>", phones: "" }),
    status: 422,
  },
  {
    what: "a non-numeric record id",
    send: () => postForm(t, "/records/contacts/abc", admin, { first_name: "x" }),
    status: 404,
  },
  {
    what: "a CSV upload named ../../x.csv with a hostile row",
    send: () => {
      const form = new FormData();
      form.set("_csrf", admin.csrf);
      form.set("type", "contacts");
      form.set(
        "file",
        new File([`first_name,phone\n"${XSS.replace(/"/g, '""')}",+447700900703\n`], `${TRAVERSAL}.csv`, {
          type: "text/csv",
        }),
      );
      return t.request("/records/import", { method: "POST", body: form, session: admin });
    },
    status: 200,
  },
  {
    what: "a CSV upload over the 1 MB cap",
    send: () => {
      const form = new FormData();
      form.set("_csrf", admin.csrf);
      form.set("type", "contacts");
      form.set("file", new File([new Uint8Array(2 * 1024 * 1024)], "big.csv", { type: "text/csv" }));
      return t.request("/records/import", { method: "POST", body: form, session: admin });
    },
    status: "4xx",
  },
];

for (const row of table) {
  test(`record forms: ${row.what} → ${row.status}, never a 500 or live markup`, async () => {
    if (!hasRecords) return;
    const res = await row.send();
    const html = await res.text();
    if (row.status === "4xx") {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    } else expect(res.status).toBe(row.status);
    expect(liveMarkup(html)).toEqual([]);
  });
}

test("the hostile contact shows escaped on the list and its own page", async () => {
  if (!hasRecords) return;
  const id = t.db
    .query<{ id: number }, []>("SELECT record_id AS id FROM record_phones WHERE e164 = '+447700900701'")
    .get()!.id;
  for (const path of [
    "/records/contacts",
    `/records/contacts/${id}`,
    `/records/contacts/${id}/edit`,
    "/records/contacts?q=script",
    "/inbox/compose/recipients?to=script",
  ]) {
    const { status, html } = await page(path);
    expect({ path, status, live: liveMarkup(html) }).toEqual({ path, status: 200, live: [] });
  }
  expect((await page(`/records/contacts/${id}`)).html).toContain("&lt;script&gt;alert(");
  const rtl = t.db
    .query<{ id: number }, []>("SELECT record_id AS id FROM record_phones WHERE e164 = '+447700900702'")
    .get()!.id;
  expect((await page(`/records/contacts/${rtl}`)).html).toContain("مرحبا");
});
