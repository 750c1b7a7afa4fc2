import type { PDFDocument, PDFFont, PDFImage, PDFPage } from "pdf-lib";
import type { Db } from "../../db/open.ts";
import type { MediaStore } from "../../messaging/services.ts";
import { silentLogger, type Logger } from "../../log.ts";
import { getRecord } from "../store.ts";
import { checkLogo } from "../logo.ts";
import { companySettings } from "../settings.ts";
import { formatCents, formatMoney, getInvoice, invoiceLines } from "./store.ts";

/**
 * An invoice or quote as an A4 PDF, drawn with pdf-lib's built-in Helvetica (no font files to ship).
 * Helvetica only encodes WinAnsi (Latin-1 plus € – — “ ” ‘ ’ • … ™ and a few more): other characters
 * print as "?" rather than failing.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

// Read from the font itself, so pasted typography (€, dashes, curly quotes) prints as written.
const encodableSets = new WeakMap<PDFFont, Set<number>>();

function encodable(font: PDFFont, text: string): string {
  let set = encodableSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet().filter((cp) => cp >= 0x20));
    encodableSets.set(font, set);
  }
  let out = "";
  for (const ch of text) out += set.has(ch.codePointAt(0)!) ? ch : "?";
  return out;
}

function fit(font: PDFFont, text: string, size: number, width: number): string {
  const full = encodable(font, text);
  let s = full;
  while (s.length > 1 && font.widthOfTextAtSize(`${s}...`, size) > width) s = s.slice(0, -1);
  return s === full ? s : `${s}...`;
}

async function logoImage(
  doc: PDFDocument,
  media: MediaStore | undefined,
  sha: string | null,
  logger: Logger,
): Promise<PDFImage | null> {
  if (!media || !sha) return null;
  try {
    const bytes = new Uint8Array(await Bun.file(media.path(sha)).arrayBuffer());
    // A logo stored before its pixels were capped (or changed on disk) would block every PDF.
    const check = checkLogo(bytes);
    if (!check.ok) {
      logger.warn({ reason: check.error, sha256: sha }, "company logo left off the PDF");
      return null;
    }
    return check.mime === "image/png" ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
  } catch (err) {
    // A missing or damaged logo file should not stop the invoice: it prints without one.
    logger.warn({ reason: (err as Error)?.message, sha256: sha }, "company logo left off the PDF");
    return null;
  }
}

export async function renderInvoicePdf(
  db: Db,
  invoiceId: number,
  media?: MediaStore,
  logger: Logger = silentLogger,
): Promise<{ bytes: Uint8Array; fileName: string } | null> {
  const invoice = getInvoice(db, invoiceId);
  if (!invoice) return null;
  const lines = invoiceLines(db, invoiceId);
  const customer = getRecord(db, invoice.record_id);
  const company = companySettings(db);

  // Loaded on the first PDF, not at start-up: most processes never draw one.
  const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  const title = invoice.kind === "invoice" ? "Invoice" : "Quote";
  doc.setTitle(`${title} ${invoice.number}`);
  doc.setProducer("Pairbox");
  const page = doc.addPage(A4);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const right = A4[0] - MARGIN;
  let y = A4[1] - MARGIN;

  const text = (p: PDFPage, s: string, x: number, yy: number, size = 10, f = font) =>
    p.drawText(encodable(f, s), { x, y: yy, size, font: f, color: rgb(0.1, 0.1, 0.1) });
  const textRight = (p: PDFPage, s: string, xRight: number, yy: number, size = 10, f = font) =>
    text(p, s, xRight - f.widthOfTextAtSize(encodable(f, s), size), yy, size, f);

  const logo = await logoImage(doc, media, company.logoSha256, logger);
  if (logo) {
    const scaled = logo.scaleToFit(160, 60);
    page.drawImage(logo, { x: MARGIN, y: y - scaled.height, width: scaled.width, height: scaled.height });
    y -= scaled.height + 10;
  }
  if (company.companyName) text(page, company.companyName, MARGIN, y - 14, 14, bold);
  textRight(page, `${title} ${invoice.number}`, right, A4[1] - MARGIN - 18, 18, bold);
  textRight(page, `Date: ${invoice.issue_date}`, right, A4[1] - MARGIN - 36);
  textRight(page, `Status: ${invoice.status}`, right, A4[1] - MARGIN - 50);
  y -= 50;

  text(page, "Bill to", MARGIN, y, 9, bold);
  text(page, customer?.name ?? "(deleted customer)", MARGIN, y - 14, 11);
  if (customer?.email) text(page, customer.email, MARGIN, y - 28, 9);
  y -= 60;

  const cols = { qty: right - 190, unit: right - 100, amount: right };
  text(page, "Description", MARGIN, y, 9, bold);
  textRight(page, "Qty", cols.qty, y, 9, bold);
  textRight(page, "Unit price", cols.unit, y, 9, bold);
  textRight(page, company.currency ? `Amount (${company.currency})` : "Amount", cols.amount, y, 9, bold);
  page.drawLine({ start: { x: MARGIN, y: y - 5 }, end: { x: right, y: y - 5 }, thickness: 0.5 });
  y -= 20;

  let current = page;
  for (const line of lines) {
    if (y < MARGIN + 80) {
      current = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
    text(current, fit(font, line.description, 10, cols.qty - MARGIN - 60), MARGIN, y);
    textRight(current, String(line.quantity), cols.qty, y);
    textRight(current, formatCents(line.unit_price_cents), cols.unit, y);
    textRight(current, formatCents(line.amount_cents), cols.amount, y);
    y -= 16;
  }

  y -= 10;
  current.drawLine({ start: { x: cols.qty - 40, y: y + 8 }, end: { x: right, y: y + 8 }, thickness: 0.5 });
  textRight(current, "Subtotal", cols.unit, y);
  textRight(current, formatMoney(invoice.subtotal_cents, company.currency), cols.amount, y);
  textRight(current, `Tax (${invoice.tax_percent}%)`, cols.unit, y - 16);
  textRight(current, formatMoney(invoice.tax_cents, company.currency), cols.amount, y - 16);
  textRight(current, "Total", cols.unit, y - 34, 12, bold);
  textRight(current, formatMoney(invoice.total_cents, company.currency), cols.amount, y - 34, 12, bold);
  if (invoice.notes) {
    let ny = y - 70;
    for (const note of invoice.notes.split(/\r?\n/).slice(0, 20)) {
      text(current, fit(font, note, 9, right - MARGIN), MARGIN, ny, 9);
      ny -= 12;
    }
  }

  const bytes = await doc.save();
  const safeNumber = invoice.number.replace(/[^A-Za-z0-9._-]+/g, "_");
  return { bytes, fileName: `${invoice.kind}-${safeNumber}.pdf` };
}
