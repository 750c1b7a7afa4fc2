import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm, validate } from "../web/forms.ts";
import { guardSection, requirePermission } from "../auth/middleware.ts";
import { createLabel, deleteLabel, findLabel, listLabels, updateLabel } from "../messaging/labels.ts";
import { labelInput } from "./validate.ts";
import { LabelsPage } from "./views/settings.tsx";

/** Settings → Labels, for people who change company settings. */
export function labelSettingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/settings/labels", requirePermission("settings.manage"));

  app.get("/settings/labels", (c) => c.html(<LabelsPage labels={listLabels(c.get("deps").db)} />));

  app.post("/settings/labels", async (c) => {
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    const values = { name: one(body, "name"), color: one(body, "color") };
    const parsed = validate(labelInput, values);
    const result = parsed.ok ? createLabel(db, parsed.data.name, parsed.data.color, clock()) : null;
    if (parsed.ok && result?.ok) return c.redirect("/settings/labels", 303);
    const errors = parsed.ok ? { name: result && !result.ok ? result.error : "" } : parsed.errors;
    return c.html(<LabelsPage labels={listLabels(db)} errors={errors} errorFor="new" values={values} />, 422);
  });

  app.post("/settings/labels/:id", async (c) => {
    const { db } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const label = id ? findLabel(db, id) : null;
    if (!label) return c.notFound();
    const body = await readForm(c);
    const values = { name: one(body, "name"), color: one(body, "color") };
    const parsed = validate(labelInput, values);
    const result = parsed.ok ? updateLabel(db, label.id, parsed.data.name, parsed.data.color) : null;
    if (parsed.ok && result?.ok) return c.redirect(`/settings/labels#label-${label.id}`, 303);
    const errors = parsed.ok ? { name: result && !result.ok ? result.error : "" } : parsed.errors;
    return c.html(
      <LabelsPage labels={listLabels(db)} errors={errors} errorFor={String(label.id)} values={values} />,
      422,
    );
  });

  app.post("/settings/labels/:id/delete", (c) => {
    const id = idParam(c.req.param("id"));
    if (!id || !deleteLabel(c.get("deps").db, id)) return c.notFound();
    return c.redirect("/settings/labels", 303);
  });

  return app;
}
