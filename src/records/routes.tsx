import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, readForm } from "../web/forms.ts";
import { formStrings, routeRecord, routeType } from "./route-params.ts";
import { currentUser, requirePermission } from "../auth/middleware.ts";
import { can } from "../auth/principal.ts";
import { FIELDS, recordHref, typeSlug, type RecordType } from "./fields.ts";
import { deleteRecord, listRecords } from "./store.ts";
import { createRecord, saveRecord } from "./records.ts";
import { validateRecordForm, type FormResult } from "./validate.ts";
import { clashesAccepted, phoneClashes, type PhoneClash } from "./phone-clashes.ts";
import { defaultRegion } from "./settings.ts";
import { searchPhone } from "./phones.ts";
import { defaultValues, formOptions, formValues, recordPageData } from "./page-data.ts";
import { linkManually } from "./linking.ts";
import { conversationRoutes, findConversationForUser } from "./conversation-routes.tsx";
import { attachmentRoutes } from "./attachment-routes.tsx";
import { recordLabelRoutes } from "./label-routes.tsx";
import { importRoutes } from "./import-routes.tsx";
import { invoiceRoutes } from "./invoices/routes.tsx";
import { companyRoutes } from "./company-routes.tsx";
import { RecordListPage } from "./views/list.tsx";
import { RecordFormPage } from "./views/form.tsx";
import type { FieldErrors } from "../ui/components/form.tsx";
import { RecordPage } from "./views/show.tsx";
import { pageWithMore } from "../web/paging.ts";

const PAGE = 50;

function formNames(type: RecordType): string[] {
  return [...FIELDS[type].map((f) => f.name), "phones", "conversation", "save_anyway"];
}

type Checked = Extract<FormResult, { ok: true }>;

/**
 * The form as sent, checked: the input to save, or the form back with field errors (422), or with
 * a warning for numbers other records of the type already hold that the person has not yet chosen
 * to Save anyway (200: a question, not a mistake).
 */
function checkRecordForm(
  c: Context<AppEnv>,
  type: RecordType,
  record: { id: number; name: string } | null,
  values: Record<string, string>,
): { result: Checked } | { response: Response | Promise<Response> } {
  const { db } = c.get("deps");
  const result = validateRecordForm(db, type, values, defaultRegion(db));
  const clashes = result.ok ? phoneClashes(db, type, result.phones, record?.id ?? null) : [];
  if (result.ok && clashesAccepted(clashes, values.save_anyway ?? "")) return { result };
  const render = (errors: FieldErrors | undefined, shown: PhoneClash[]) =>
    c.html(
      <RecordFormPage
        type={type}
        id={record?.id}
        values={record ? { ...values, display: record.name } : values}
        errors={errors}
        phoneClashes={shown}
        options={formOptions(db, currentUser(c))}
      />,
      errors ? 422 : 200,
    );
  return { response: result.ok ? render(undefined, clashes) : render(result.errors, []) };
}

/** A new record may start from a link's values (a shared contact card's name and numbers): text only, shown escaped. */
function prefilled(query: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["first_name", "last_name", "name", "phones"])
    if (query[name]) out[name] = query[name].slice(0, 500);
  return out;
}

export function recordsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const edit = requirePermission("records.edit");
  // Fixed paths first: /records/import, /records/invoices/… must not read as a record type.
  app.route("/", companyRoutes());
  app.route("/", conversationRoutes());
  app.route("/", importRoutes());
  app.route("/", invoiceRoutes());
  app.route("/", attachmentRoutes());
  app.route("/", recordLabelRoutes());

  app.get("/records", (c) => c.redirect("/records/contacts", 303));

  app.get("/records/:types", (c) => {
    const type = routeType(c);
    if (!type) return c.notFound();
    const { db } = c.get("deps");
    const q = (c.req.query("q") ?? "").trim().slice(0, 200);
    const before = idParam(c.req.query("before"));
    const search = q ? { text: q, e164: searchPhone(q, defaultRegion(db)) } : null;
    const rows = listRecords(db, { type, search, before, limit: PAGE + 1 });
    const { page, more: nextUrl } = pageWithMore(
      rows,
      PAGE,
      (last) =>
        `/records/${typeSlug(type)}?${new URLSearchParams({ ...(q ? { q } : {}), before: String(last.id) })}`,
    );
    return c.html(
      <RecordListPage
        type={type}
        rows={page}
        q={q}
        nextUrl={nextUrl}
        canEdit={can(currentUser(c), "records.edit")}
        firstPage={before === null}
      />,
    );
  });

  app.get("/records/:types/new", edit, (c) => {
    const type = routeType(c);
    if (!type) return c.notFound();
    return c.html(
      <RecordFormPage
        type={type}
        values={{ ...defaultValues(type), ...prefilled(c.req.query()) }}
        options={formOptions(c.get("deps").db, currentUser(c))}
      />,
    );
  });

  app.post("/records/:types", edit, async (c) => {
    const type = routeType(c);
    if (!type) return c.notFound();
    const { db, clock } = c.get("deps");
    const values = formStrings(await readForm(c), formNames(type));
    const checked = checkRecordForm(c, type, null, values);
    if ("response" in checked) return checked.response;
    const { result } = checked;
    const row = createRecord(db, type, result.input, result.phones, clock());
    // Created from an unknown sender's conversation: link it even when the number did not match.
    const conversation = findConversationForUser(c, idParam(values.conversation));
    if (conversation) linkManually(db, conversation, row, clock());
    return c.redirect(`${recordHref(type, row.id)}?saved=1`, 303);
  });

  app.get("/records/:types/:id", (c) => {
    const row = routeRecord(c);
    if (!row) return c.notFound();
    const data = recordPageData(c.get("deps").db, currentUser(c), row);
    return c.html(<RecordPage {...data} notice={c.req.query("saved") ? "Saved." : null} />);
  });

  app.get("/records/:types/:id/edit", edit, (c) => {
    const row = routeRecord(c);
    if (!row) return c.notFound();
    const { db } = c.get("deps");
    return c.html(
      <RecordFormPage
        type={row.type}
        id={row.id}
        values={formValues(db, row)}
        options={formOptions(db, currentUser(c))}
      />,
    );
  });

  app.post("/records/:types/:id", edit, async (c) => {
    const row = routeRecord(c);
    if (!row) return c.notFound();
    const { db, clock } = c.get("deps");
    const values = formStrings(await readForm(c), formNames(row.type));
    const checked = checkRecordForm(c, row.type, row, values);
    if ("response" in checked) return checked.response;
    const { result } = checked;
    saveRecord(db, row, result.input, result.phones, clock());
    return c.redirect(`${recordHref(row.type, row.id)}?saved=1`, 303);
  });

  app.post("/records/:types/:id/delete", edit, (c) => {
    const row = routeRecord(c);
    if (!row) return c.notFound();
    deleteRecord(c.get("deps").db, row.id);
    return c.redirect(`/records/${typeSlug(row.type)}`, 303);
  });

  return app;
}
