import { describe, expect, test } from "bun:test";
import { extractText, getDocumentProxy } from "unpdf";
import { adminSession, makeTestApp, postForm, type Session, type TestApp } from "../helpers/app.ts";
import { companySettings } from "../../src/records/settings.ts";

async function setup() {
  const t = makeTestApp();
  const admin = await adminSession(t);
  const res = await postForm(t, "/records/contacts", admin, { first_name: "Ann", last_name: "Lee" });
  const contactUrl = res.headers.get("location")!.replace(/\?.*$/, "");
  return { t, admin, contactUrl };
}

const saveCompany = (t: TestApp, s: Session, fields: Record<string, string>) =>
  postForm(t, "/settings/company", s, { company_name: "Acme", region: "", ...fields });

const HEAD = { kind: "invoice", issue_date: "2026-01-15", status: "draft", tax_percent: "0", notes: "" };

const invoiceRow = (t: TestApp) =>
  t.db
    .query<{ id: number; subtotal_cents: number; tax_cents: number; total_cents: number }, []>(
      "SELECT id, subtotal_cents, tax_cents, total_cents FROM invoices",
    )
    .get();

describe("the company's currency", () => {
  test("is an ISO 4217 code picked on Settings → Company, and a code that is not one is refused next to the field", async () => {
    const { t, admin } = await setup();
    const bad = await saveCompany(t, admin, { currency: "ZZZ" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Pick a currency from the list (an ISO 4217 code such as EUR or USD)");
    expect(companySettings(t.db).currency).toBeNull();

    const good = await saveCompany(t, admin, { currency: "eur" });
    expect(good.status).toBe(303);
    expect(companySettings(t.db).currency).toBe("EUR");
    const page = await (await t.request("/settings/company", { session: admin })).text();
    expect(page).toMatch(/<option value="EUR" selected="">EUR · Euro<\/option>/);

    // Leaving it blank prints bare amounts again.
    await saveCompany(t, admin, { currency: "" });
    expect(companySettings(t.db).currency).toBeNull();
  });

  test("is shown with the invoice form's totals and printed on the PDF", async () => {
    const { t, admin, contactUrl } = await setup();
    await saveCompany(t, admin, { currency: "CHF" });
    const form = await (await t.request(`${contactUrl}/invoices/new`, { session: admin })).text();
    expect(form).toContain('data-currency="CHF"');
    expect(form).toContain('<output class="total-total">CHF 0.00</output>');

    await postForm(t, `${contactUrl}/invoices`, admin, {
      ...HEAD,
      number: "INV-7",
      tax_percent: "10",
      line_description: "Fitting",
      line_quantity: "2",
      line_unit_price: "60",
    });
    const pdf = await t.request(`/records/invoices/${invoiceRow(t)!.id}/pdf`, { session: admin });
    const text = (
      await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true })
    ).text;
    expect(text).toContain("Amount (CHF)");
    expect(text).toContain("CHF 132.00");
    const record = await (await t.request(contactUrl, { session: admin })).text();
    expect(record).toContain('<td class="num">CHF 132.00</td>');
  });
});

describe("invoice totals", () => {
  test("are recomputed by the server from the lines: totals a client sends are ignored", async () => {
    const { t, admin, contactUrl } = await setup();
    const res = await postForm(t, `${contactUrl}/invoices`, admin, {
      ...HEAD,
      number: "INV-1",
      tax_percent: "20",
      line_description: ["Widgets", "Delivery"],
      line_quantity: ["3", ""],
      line_unit_price: ["12.50", "9.99"],
      // A tampered browser's own sums.
      subtotal: "1",
      subtotal_cents: "1",
      tax_cents: "0",
      total: "0.01",
      total_cents: "1",
    });
    expect(res.status).toBe(303);
    expect(invoiceRow(t)).toMatchObject({ subtotal_cents: 4749, tax_cents: 950, total_cents: 5699 });
    const edit = await (
      await t.request(`/records/invoices/${invoiceRow(t)!.id}/edit`, { session: admin })
    ).text();
    expect(edit).toContain('<output class="total-subtotal">47.49</output>');
    expect(edit).toContain('<output class="total-total">56.99</output>');
  });

  test("a form sent back with an error keeps its lines and shows the totals of the lines that read as numbers", async () => {
    const { t, admin, contactUrl } = await setup();
    const res = await postForm(t, `${contactUrl}/invoices`, admin, {
      ...HEAD,
      number: "INV-2",
      line_description: ["Widgets", "Broken"],
      line_quantity: ["2", "1"],
      line_unit_price: ["5", "abc"],
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Line 2: Unit price: an amount such as 120 or 99.50");
    expect(html).toContain('value="abc"');
    expect(html).toContain('<output class="total-total">10.00</output>');
    expect(invoiceRow(t)).toBeNull();
  });
});
