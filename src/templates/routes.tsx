import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm, validate } from "../web/forms.ts";
import { currentUser, requirePermission } from "../auth/middleware.ts";
import { can } from "../auth/principal.ts";
import { TemplateFormPage, TemplatesPage } from "./views/pages.tsx";
import { templateError } from "./render.ts";
import {
  deleteTemplate,
  findTemplate,
  findTemplateByName,
  insertTemplate,
  listTemplates,
  updateTemplate,
} from "./store.ts";

const schema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  body: z
    .string()
    .trim()
    .min(1, "Enter the text.")
    // abort: an over-long body is refused without being parsed (zod would otherwise still refine it).
    .max(20000, { message: "Use at most 20,000 characters.", abort: true })
    .superRefine((body, ctx) => {
      const error = templateError(body);
      if (error) ctx.addIssue({ code: "custom", message: `Template error: ${error}` });
    }),
});

export function templatesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const manage = requirePermission("templates.manage");

  app.get("/templates", (c) =>
    c.html(
      <TemplatesPage
        templates={listTemplates(c.get("deps").db)}
        canManage={can(currentUser(c), "templates.manage")}
      />,
    ),
  );
  app.get("/templates/new", manage, (c) => c.html(<TemplateFormPage name="" body="" />));

  app.post("/templates", manage, async (c) => {
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    const values = { name: one(body, "name"), body: one(body, "body") };
    const parsed = validate(schema, values);
    if (!parsed.ok) return c.html(<TemplateFormPage {...values} errors={parsed.errors} />, 422);
    if (findTemplateByName(db, parsed.data.name))
      return c.html(
        <TemplateFormPage {...values} errors={{ name: "A template with this name exists." }} />,
        422,
      );
    insertTemplate(db, parsed.data.name, parsed.data.body, clock());
    return c.redirect("/templates", 303);
  });

  app.get("/templates/:id", manage, (c) => {
    const id = idParam(c.req.param("id"));
    const t = id ? findTemplate(c.get("deps").db, id) : null;
    if (!t) return c.notFound();
    return c.html(<TemplateFormPage id={t.id} name={t.name} body={t.body} />);
  });

  app.post("/templates/:id", manage, async (c) => {
    const { db, clock } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const t = id ? findTemplate(db, id) : null;
    if (!t) return c.notFound();
    const body = await readForm(c);
    const values = { name: one(body, "name"), body: one(body, "body") };
    const parsed = validate(schema, values);
    if (!parsed.ok) return c.html(<TemplateFormPage id={t.id} {...values} errors={parsed.errors} />, 422);
    const clash = findTemplateByName(db, parsed.data.name);
    if (clash && clash.id !== t.id)
      return c.html(
        <TemplateFormPage id={t.id} {...values} errors={{ name: "A template with this name exists." }} />,
        422,
      );
    updateTemplate(db, t.id, parsed.data.name, parsed.data.body, clock());
    return c.redirect("/templates", 303);
  });

  app.post("/templates/:id/delete", manage, (c) => {
    const id = idParam(c.req.param("id"));
    if (!id) return c.notFound();
    deleteTemplate(c.get("deps").db, id);
    return c.redirect("/templates", 303);
  });

  return app;
}
