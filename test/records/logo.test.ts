import { describe, expect, test } from "bun:test";
import pino from "pino";
import { adminSession, makeTestApp, postForm, type Session, type TestApp } from "../helpers/app.ts";
import { companySettings, saveCompanySettings } from "../../src/records/settings.ts";
import { saveInvoice } from "../../src/records/invoices/store.ts";
import { blankPng, jpegHeader } from "./images.ts";

/**
 * The company logo is decoded for every invoice PDF, so what it costs is its pixel count, not its
 * bytes: a 12000 × 12000 PNG of a few KB took 18 s and 420 MB per PDF. Its size is read from the
 * header and capped at 2000 × 2000 pixels, when uploaded and when printed.
 */

async function setup() {
  const logs: { msg: string; reason?: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const t = makeTestApp({}, { logger });
  const admin = await adminSession(t);
  return { t, admin, logs };
}

function uploadLogo(t: TestApp, admin: Session, bytes: Uint8Array, name: string, type: string) {
  const body = new FormData();
  body.set("_csrf", admin.csrf);
  body.set("company_name", "Acme");
  body.set("region", "GB");
  body.set("logo", new File([bytes as BlobPart], name, { type }));
  return t.request("/settings/company", { method: "POST", body, session: admin });
}

/** An invoice for a new contact, and its PDF as the browser downloads it. */
async function invoicePdf(
  t: TestApp,
  admin: Session,
  number: string,
): Promise<{ status: number; text: string }> {
  const res = await postForm(t, "/records/contacts", admin, { first_name: "Ann" });
  const recordId = Number(/\/records\/contacts\/(\d+)/.exec(res.headers.get("location")!)![1]);
  const id = saveInvoice(
    t.db,
    {
      kind: "invoice",
      number,
      record_id: recordId,
      issue_date: "2026-01-15",
      status: "sent",
      tax_percent: 0,
      notes: "",
      lines: [{ description: "Widgets", quantity: 1, unit_price_cents: 1000 }],
    },
    0,
    null,
  );
  const pdf = await t.request(`/records/invoices/${id}/pdf`, { session: admin });
  return { status: pdf.status, text: new TextDecoder("latin1").decode(await pdf.arrayBuffer()) };
}

async function storeLogoDirectly(t: TestApp, bytes: Uint8Array) {
  const stored = await t.deps.services.media.putBytes(bytes);
  if (!stored.ok) throw new Error(stored.error);
  saveCompanySettings(t.db, {
    companyName: "Acme",
    defaultRegion: null,
    logo: { sha256: stored.sha256, mime: "image/png" },
  });
}

describe("the company logo's pixel size", () => {
  test("a logo over 2000 × 2000 pixels is refused next to the field, PNG or JPEG; a fitting one is kept", async () => {
    const { t, admin } = await setup();
    const huge = await uploadLogo(t, admin, blankPng(12000, 12000), "logo.png", "image/png");
    expect(huge.status).toBe(422);
    const html = await huge.text();
    expect(html).toContain("The logo is 12000 × 12000 pixels: at most 2000 × 2000");
    expect(html).toMatch(/<div class="field has-error">\s*<label for="f-logo">/);
    expect(companySettings(t.db).logoSha256).toBeNull();

    const wide = await uploadLogo(t, admin, jpegHeader(3000, 100), "logo.jpg", "image/jpeg");
    expect(wide.status).toBe(422);
    expect(await wide.text()).toContain("The logo is 3000 × 100 pixels");
    expect(companySettings(t.db).logoSha256).toBeNull();

    const fits = await uploadLogo(t, admin, blankPng(2000, 600), "logo.png", "image/png");
    expect(fits.status).toBe(303);
    expect(companySettings(t.db).logoMime).toBe("image/png");
  });

  test("a PNG whose header cannot be read is refused as not an image", async () => {
    const { t, admin } = await setup();
    const broken = blankPng(400, 100).slice(0, 20);
    const res = await uploadLogo(t, admin, broken, "logo.png", "image/png");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The logo must be a PNG or JPEG image");
  });

  test("a logo stored before the limit is left off PDFs with a log line; a fitting one is printed", async () => {
    const { t, admin, logs } = await setup();
    await storeLogoDirectly(t, blankPng(2400, 2400));
    const without = await invoicePdf(t, admin, "INV-0001");
    expect(without.status).toBe(200);
    expect(without.text.slice(0, 5)).toBe("%PDF-");
    expect(without.text.includes("/Subtype /Image")).toBe(false);
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: "company logo left off the PDF",
        reason: "The logo is 2400 × 2400 pixels: at most 2000 × 2000",
      }),
    );

    // Settings → Company says why, next to the logo.
    const settings = await (await t.request("/settings/company", { session: admin })).text();
    expect(settings).toContain(
      "The logo is 2400 × 2400 pixels: at most 2000 × 2000. PDFs print without it: upload a smaller one.",
    );

    await storeLogoDirectly(t, blankPng(400, 100));
    expect(await (await t.request("/settings/company", { session: admin })).text()).not.toContain(
      "PDFs print without it",
    );
    const withLogo = await invoicePdf(t, admin, "INV-0002");
    expect(withLogo.text.includes("/Subtype /Image")).toBe(true);
  });
});
