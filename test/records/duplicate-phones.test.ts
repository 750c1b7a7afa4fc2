import { describe, expect, test } from "bun:test";
import { adminSession, makeTestApp, postForm, type Session, type TestApp } from "../helpers/app.ts";
import { saveCompanySettings } from "../../src/records/settings.ts";

/** A number already on a record of the same type: the form warns, links the other record, and lets you save anyway. */

async function setup() {
  const t = makeTestApp();
  const admin = await adminSession(t);
  saveCompanySettings(t.db, { companyName: "Acme", defaultRegion: "GB" });
  return { t, admin };
}

function idFrom(res: Response): number {
  return Number(/\/records\/\w+\/(\d+)/.exec(res.headers.get("location") ?? "")![1]);
}

const count = (t: TestApp, type: string) =>
  t.db.query<{ n: number }, [string]>("SELECT COUNT(*) AS n FROM records WHERE type = ?").get(type)!.n;

async function jane(t: TestApp, admin: Session): Promise<number> {
  const res = await postForm(t, "/records/contacts", admin, {
    first_name: "Jane",
    last_name: "Doe",
    phones: "+44 7700 900123",
  });
  expect(res.status).toBe(303);
  return idFrom(res);
}

describe("a phone already on another record of the same type", () => {
  test("a new contact with Jane's number is not saved: the form names Jane, links her, and offers Save anyway", async () => {
    const { t, admin } = await setup();
    const janeId = await jane(t, admin);
    const res = await postForm(t, "/records/contacts", admin, {
      first_name: "Janet",
      email: "janet@example.com",
      phones: "07700 900123\n+33 6 12 34 56 78",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`+447700900123 is already on <a href="/records/contacts/${janeId}">Jane Doe</a>`);
    expect(html).not.toContain("+33612345678 is already on");
    expect(html).toMatch(
      /<button type="submit" name="save_anyway" value="\+447700900123"[^>]*>Save anyway<\/button>/,
    );
    // What was typed comes back as typed.
    expect(html).toContain('value="Janet"');
    expect(html).toContain("07700 900123\n+33 6 12 34 56 78</textarea>");
    expect(count(t, "contact")).toBe(1);

    const anyway = await postForm(t, "/records/contacts", admin, {
      first_name: "Janet",
      phones: "07700 900123\n+33 6 12 34 56 78",
      save_anyway: "+447700900123",
    });
    expect(anyway.status).toBe(303);
    expect(count(t, "contact")).toBe(2);
  });

  test("Save anyway covers only the numbers it was shown: another clash is warned again", async () => {
    const { t, admin } = await setup();
    await jane(t, admin);
    await postForm(t, "/records/contacts", admin, { first_name: "Bob", phones: "+33612345678" });
    const res = await postForm(t, "/records/contacts", admin, {
      first_name: "Janet",
      phones: "+447700900123\n+33612345678",
      save_anyway: "+447700900123",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("+33612345678 is already on");
    expect(html).toContain('value="+447700900123,+33612345678"');
    expect(count(t, "contact")).toBe(2);
  });

  test("another type may hold the same number without a word (a contact and a lead of one person)", async () => {
    const { t, admin } = await setup();
    await jane(t, admin);
    const res = await postForm(t, "/records/leads", admin, {
      first_name: "Jane",
      status: "new",
      phones: "+447700900123",
    });
    expect(res.status).toBe(303);
  });

  test("an edit warns about a number it adds, never about the record's own numbers", async () => {
    const { t, admin } = await setup();
    const janeId = await jane(t, admin);
    const other = await postForm(t, "/records/contacts", admin, {
      first_name: "Janet",
      phones: "+447700900123",
      save_anyway: "+447700900123",
    });
    const otherId = idFrom(other);
    // Janet already shares Jane's number: saving her again does not ask again.
    const again = await postForm(t, `/records/contacts/${otherId}`, admin, {
      first_name: "Janet",
      last_name: "Roe",
      phones: "+447700900123",
    });
    expect(again.status).toBe(303);
    // Jane taking a number of Bob's is warned, linking Bob, and nothing changes until confirmed.
    const bob = idFrom(
      await postForm(t, "/records/contacts", admin, { first_name: "Bob", phones: "+33612345678" }),
    );
    const edit = await postForm(t, `/records/contacts/${janeId}`, admin, {
      first_name: "Jane",
      last_name: "Doe",
      phones: "+447700900123\n+33612345678",
    });
    expect(edit.status).toBe(200);
    const html = await edit.text();
    expect(html).toContain(`+33612345678 is already on <a href="/records/contacts/${bob}">Bob</a>`);
    expect(html).not.toContain("Janet");
    expect(t.db.query("SELECT COUNT(*) AS n FROM record_phones WHERE record_id = ?").get(janeId)).toEqual({
      n: 1,
    });
  });

  test("a name in the warning is shown as text, never run", async () => {
    const { t, admin } = await setup();
    await postForm(t, "/records/contacts", admin, {
      first_name: "<script>alert(1)</script>",
      phones: "+447700900123",
    });
    const html = await (
      await postForm(t, "/records/contacts", admin, { first_name: "Ann", phones: "+447700900123" })
    ).text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)");
  });
});
