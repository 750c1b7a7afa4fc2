import { Hono, type Context } from "hono";
import { getCountries } from "libphonenumber-js";
import type { AppEnv } from "../web/context.ts";
import { one, readForm } from "../web/forms.ts";
import { requirePermission } from "../auth/middleware.ts";
import type { FieldErrors } from "../ui/components/form.tsx";
import { CURRENCIES, companySettings, isCurrency, isRegion, saveCompanySettings } from "./settings.ts";
import { checkLogo } from "./logo.ts";
import { CompanySettingsPage } from "./views/company.tsx";

const names = new Intl.DisplayNames(["en"], { type: "region" });
const REGIONS = getCountries()
  .map((code) => ({ code, name: names.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** Why the stored logo is left off PDFs (one stored before its pixels were capped), or null. */
async function storedLogoProblem(c: Context<AppEnv>, sha256: string | null): Promise<string | null> {
  if (!sha256) return null;
  const file = Bun.file(c.get("deps").services.media.path(sha256));
  if (!(await file.exists())) return "The logo file is missing. PDFs print without it: upload it again.";
  const check = checkLogo(new Uint8Array(await file.arrayBuffer()));
  return check.ok ? null : `${check.error}. PDFs print without it: upload a smaller one.`;
}

async function page(
  c: Context<AppEnv>,
  errors?: FieldErrors,
  values?: { companyName: string; region: string; currency: string },
  status: 200 | 422 = 200,
) {
  const s = companySettings(c.get("deps").db);
  return c.html(
    <CompanySettingsPage
      companyName={values?.companyName ?? s.companyName}
      region={values?.region ?? s.defaultRegion ?? ""}
      currency={values?.currency ?? s.currency ?? ""}
      currencies={CURRENCIES}
      hasLogo={s.logoSha256 !== null}
      logoProblem={await storedLogoProblem(c, s.logoSha256)}
      regions={REGIONS}
      errors={errors}
      saved={c.req.query("saved") !== undefined}
    />,
    status,
  );
}

/** Settings → Company: the name and logo on invoices, and the region for national phone numbers. */
export function companyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/settings/company", requirePermission("settings.manage"), (c) => page(c));

  app.post("/settings/company", requirePermission("settings.manage"), async (c) => {
    const { db, services } = c.get("deps");
    const body = await readForm(c);
    const values = {
      companyName: one(body, "company_name").trim(),
      region: one(body, "region"),
      currency: one(body, "currency").trim().toUpperCase(),
    };
    const errors: FieldErrors = {};
    if (values.companyName.length > 200) errors.company_name = "At most 200 characters";
    if (values.region && !isRegion(values.region)) errors.region = "Pick a country from the list";
    if (values.currency && !isCurrency(values.currency))
      errors.currency = "Pick a currency from the list (an ISO 4217 code such as EUR or USD)";
    let logo: { sha256: string; mime: string } | null | undefined = one(body, "remove_logo")
      ? null
      : undefined;
    const file = body.logo;
    if (file instanceof File && file.size > 0) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const check = checkLogo(bytes);
      if (!check.ok) errors.logo = check.error;
      else {
        const stored = await services.media.putBytes(bytes);
        if (stored.ok) logo = { sha256: stored.sha256, mime: check.mime };
        else errors.logo = stored.error;
      }
    }
    if (Object.keys(errors).length > 0) return page(c, errors, values, 422);
    saveCompanySettings(db, {
      companyName: values.companyName,
      defaultRegion: values.region && isRegion(values.region) ? values.region : null,
      currency: values.currency || null,
      logo,
    });
    return c.redirect("/settings/company?saved=1", 303);
  });

  // Any signed-in user may see the logo (it is printed on every invoice).
  app.get("/settings/company/logo", async (c) => {
    const { db, services } = c.get("deps");
    const s = companySettings(db);
    const file = s.logoSha256 ? Bun.file(services.media.path(s.logoSha256)) : null;
    if (!file || !s.logoMime || !(await file.exists())) return c.notFound();
    c.header("Content-Type", s.logoMime);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "private, max-age=300");
    return c.body(file.stream());
  });
  return app;
}
