import { describe, expect, test } from "bun:test";
import { extractText, getDocumentProxy } from "unpdf";
import { latestInvoice, renderInvoicePdf } from "../../src/records/public.ts";
import { saveInvoice, totals } from "../../src/records/invoices/store.ts";
import { saveCompanySettings } from "../../src/records/settings.ts";
import { tempMediaStore } from "../webhooks/fixtures.ts";
import { makeRecordsFixture } from "./fixtures.ts";

// A 1×1 PNG, to check the logo is embedded without breaking the document.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

function invoice(
  f: ReturnType<typeof makeRecordsFixture>,
  recordId: number,
  over: Partial<Parameters<typeof saveInvoice>[1]> = {},
) {
  return saveInvoice(
    f.db,
    {
      kind: "invoice",
      number: "INV-0042",
      record_id: recordId,
      issue_date: "2026-01-15",
      status: "sent",
      tax_percent: 20,
      notes: "Thank you",
      lines: [
        { description: "Widgets", quantity: 3, unit_price_cents: 1250 },
        { description: "Delivery — fast 🚚", quantity: 1, unit_price_cents: 999 },
      ],
      ...over,
    },
    f.now(),
    null,
  );
}

describe("invoices", () => {
  test("totals: lines, tax rounded once, in cents", () => {
    expect(
      totals(
        [
          { description: "a", quantity: 3, unit_price_cents: 1250 },
          { description: "b", quantity: 1, unit_price_cents: 999 },
        ],
        20,
      ),
    ).toEqual({ subtotal: 4749, tax: 950, total: 5699, amounts: [3750, 999] });
  });

  test("the PDF is a valid PDF holding the number, the company name and the total", async () => {
    const f = makeRecordsFixture();
    const media = tempMediaStore();
    const logo = await media.putBytes(PNG);
    if (!logo.ok) throw new Error(logo.error);
    saveCompanySettings(f.db, {
      companyName: "Acme Trading",
      defaultRegion: "GB",
      logo: { sha256: logo.sha256, mime: "image/png" },
    });
    const contact = f.record("contact", "Ann Lee", ["+447700900123"]);
    const id = invoice(f, contact.id);
    const pdf = (await renderInvoicePdf(f.db, id, media))!;
    expect(pdf.fileName).toBe("invoice-INV-0042.pdf");
    expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe("%PDF-");
    const { text } = await extractText(await getDocumentProxy(pdf.bytes), { mergePages: true });
    expect(text).toContain("INV-0042");
    expect(text).toContain("Acme Trading");
    expect(text).toContain("Ann Lee");
    expect(text).toContain("56.99");
    expect(text).toContain("Widgets");
    // WinAnsi typography prints as written; only what Helvetica cannot draw (the emoji) becomes "?".
    expect(text).toContain("Delivery — fast ?");
  });

  test("a missing invoice renders nothing", async () => {
    const f = makeRecordsFixture();
    expect(await renderInvoicePdf(f.db, 999)).toBeNull();
  });

  test("latest invoice of a customer includes its account's and deals', newest by date", () => {
    const f = makeRecordsFixture();
    const account = f.record("account", "Globex");
    const contact = f.record("contact", "Ann Lee", [], { account_id: account.id });
    const deal = f.record("deal", "Renewal", [], { contact_id: contact.id });
    const lead = f.record("lead", "Nobody Yet");
    invoice(f, account.id, { number: "INV-1", issue_date: "2026-01-01" });
    const quote = invoice(f, deal.id, {
      number: "Q-1",
      kind: "quote",
      status: "draft",
      issue_date: "2026-02-01",
    });
    expect(latestInvoice(f.db, { type: "contact", id: contact.id }, "any")).toEqual({
      id: quote,
      number: "Q-1",
      kind: "quote",
    });
    expect(latestInvoice(f.db, { type: "contact", id: contact.id }, "invoice")?.number).toBe("INV-1");
    expect(latestInvoice(f.db, { type: "account", id: account.id }, "invoice")?.number).toBe("INV-1");
    expect(latestInvoice(f.db, { type: "lead", id: lead.id }, "any")).toBeNull();
  });
});
