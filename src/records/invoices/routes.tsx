import { Hono, type Context } from "hono";
import type { AppEnv } from "../../web/context.ts";
import { idParam, many, one, readForm } from "../../web/forms.ts";
import { requirePermission } from "../../auth/middleware.ts";
import { contentDisposition } from "../../inbox/media-routes.ts";
import { recordHref } from "../fields.ts";
import { getRecord, type RecordRow } from "../store.ts";
import { routeRecord } from "../route-params.ts";
import {
  deleteInvoice,
  formatCents,
  getInvoice,
  invoiceLines,
  nextNumber,
  saveInvoice,
  type InvoiceRow,
} from "./store.ts";
import { statusesFor, validateInvoiceForm, type InvoiceForm } from "./validate.ts";
import { renderInvoicePdf } from "./pdf.ts";
import { companySettings } from "../settings.ts";
import { InvoiceFormPage } from "../views/invoice-form.tsx";

const currencyOf = (c: Context<AppEnv>) => companySettings(c.get("deps").db).currency;

/** Invoices and quotes belong to contacts, accounts and deals only. */
function invoiceable(row: RecordRow | null): row is RecordRow {
  return row !== null && (row.type === "contact" || row.type === "account" || row.type === "deal");
}

function formOf(db: AppEnv["Variables"]["deps"]["db"], inv: InvoiceRow): InvoiceForm {
  return {
    kind: inv.kind,
    number: inv.number,
    issue_date: inv.issue_date,
    status: inv.status,
    tax_percent: String(inv.tax_percent),
    notes: inv.notes,
    lines: invoiceLines(db, inv.id).map((l) => ({
      description: l.description,
      quantity: String(l.quantity),
      unit_price: formatCents(l.unit_price_cents).replace(/,/g, ""),
    })),
  };
}

async function postedForm(c: Context<AppEnv>): Promise<InvoiceForm> {
  const body = await readForm(c);
  const descriptions = many(body, "line_description").slice(0, 200);
  const quantities = many(body, "line_quantity");
  const prices = many(body, "line_unit_price");
  return {
    kind: one(body, "kind"),
    number: one(body, "number"),
    issue_date: one(body, "issue_date"),
    status: one(body, "status"),
    tax_percent: one(body, "tax_percent"),
    notes: one(body, "notes").slice(0, 6000),
    lines: descriptions.map((d, i) => ({
      description: d.slice(0, 600),
      quantity: (quantities[i] ?? "").slice(0, 20),
      unit_price: (prices[i] ?? "").slice(0, 20),
    })),
  };
}

type InvoiceHandler = (
  c: Context<AppEnv>,
  inv: InvoiceRow,
  row: RecordRow,
  db: AppEnv["Variables"]["deps"]["db"],
) => Response | Promise<Response>;

/** A handler for `/records/invoices/:iid…`, given the invoice and its record: 404 when either is gone. */
function onInvoice(handler: InvoiceHandler) {
  return (c: Context<AppEnv>) => {
    const db = c.get("deps").db;
    const inv = getInvoice(db, idParam(c.req.param("iid")) ?? 0);
    const row = inv ? getRecord(db, inv.record_id) : null;
    return inv && row ? handler(c, inv, row, db) : c.notFound();
  };
}

/** After a change, back to the record's invoices section. */
function backToInvoices(c: Context<AppEnv>, row: RecordRow) {
  return c.redirect(`${recordHref(row.type, row.id)}#invoices`, 303);
}

export function invoiceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const edit = requirePermission("records.edit");

  app.get("/records/:types/:id/invoices/new", edit, (c) => {
    const row = routeRecord(c);
    if (!invoiceable(row)) return c.notFound();
    const { db, clock } = c.get("deps");
    const kind = c.req.query("kind") === "quote" ? "quote" : "invoice";
    const form: InvoiceForm = {
      kind,
      number: nextNumber(db, kind),
      issue_date: new Date(clock()).toISOString().slice(0, 10),
      status: statusesFor(kind)[0]!,
      tax_percent: "0",
      notes: "",
      lines: [],
    };
    return c.html(<InvoiceFormPage record={row} form={form} currency={currencyOf(c)} />);
  });

  app.post("/records/:types/:id/invoices", edit, async (c) => {
    const row = routeRecord(c);
    if (!invoiceable(row)) return c.notFound();
    const { db, clock } = c.get("deps");
    const form = await postedForm(c);
    const result = validateInvoiceForm(db, form, row.id, null);
    if (!result.ok)
      return c.html(
        <InvoiceFormPage record={row} form={form} errors={result.errors} currency={currencyOf(c)} />,
        422,
      );
    saveInvoice(db, result.input, clock(), null);
    return backToInvoices(c, row);
  });

  app.get(
    "/records/invoices/:iid/edit",
    edit,
    onInvoice((c, inv, row, db) => {
      return c.html(
        <InvoiceFormPage record={row} id={inv.id} form={formOf(db, inv)} currency={currencyOf(c)} />,
      );
    }),
  );

  app.post(
    "/records/invoices/:iid",
    edit,
    onInvoice(async (c, inv, row, db) => {
      const form = await postedForm(c);
      const result = validateInvoiceForm(db, form, row.id, inv.id);
      if (!result.ok)
        return c.html(
          <InvoiceFormPage
            record={row}
            id={inv.id}
            form={form}
            errors={result.errors}
            currency={currencyOf(c)}
          />,
          422,
        );
      saveInvoice(db, result.input, c.get("deps").clock(), inv.id);
      return backToInvoices(c, row);
    }),
  );

  app.post(
    "/records/invoices/:iid/delete",
    edit,
    onInvoice((c, inv, row, db) => {
      deleteInvoice(db, inv.id);
      return backToInvoices(c, row);
    }),
  );

  app.get("/records/invoices/:iid/pdf", async (c) => {
    const { db, services, logger } = c.get("deps");
    const pdf = await renderInvoicePdf(db, idParam(c.req.param("iid")) ?? 0, services.media, logger);
    if (!pdf) return c.notFound();
    c.header("Content-Type", "application/pdf");
    c.header("Content-Disposition", contentDisposition("attachment", pdf.fileName));
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "private, no-store");
    return c.body(pdf.bytes as Uint8Array<ArrayBuffer>);
  });

  return app;
}
