import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm, validate } from "../web/forms.ts";
import type { FieldErrors } from "../ui/components/form.tsx";
import { GroupsPage, RolesPage } from "./views/teams.tsx";
import { guardSection, requirePermission } from "./middleware.ts";
import { isPermission, type Permission } from "./principal.ts";
import { nameSchema } from "./setup.ts";
import {
  deleteGroup,
  deletePermissionSet,
  findGroupByName,
  findPermissionSet,
  findPermissionSetByName,
  insertGroup,
  insertPermissionSet,
  listGroups,
  listPermissionSets,
  renameGroup,
  updatePermissionSet,
} from "./teams-store.ts";
import { unlessLockedOut } from "./users-store.ts";

const setSchema = z.object({ name: nameSchema });

/** Settings → Permission sets and User groups. */
export function teamsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/settings/roles", requirePermission("users.manage"));
  guardSection(app, "/settings/groups", requirePermission("users.manage"));

  // Permission sets
  const permissionsOf = (body: Awaited<ReturnType<typeof readForm>>): Permission[] =>
    many(body, "permissions").filter(isPermission);

  app.get("/settings/roles", (c) => c.html(<RolesPage sets={listPermissionSets(c.get("deps").db)} />));

  app.post("/settings/roles", async (c) => {
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    const values = { name: one(body, "name"), permissions: permissionsOf(body) };
    const parsed = validate(setSchema, values);
    const errors = !parsed.ok
      ? parsed.errors
      : findPermissionSetByName(db, values.name.trim())
        ? { name: "A permission set with this name exists." }
        : null;
    if (errors || !parsed.ok)
      return c.html(<RolesPage sets={listPermissionSets(db)} values={values} errors={errors ?? {}} />, 422);
    insertPermissionSet(db, parsed.data.name, values.permissions, clock());
    return c.redirect("/settings/roles", 303);
  });

  app.post("/settings/roles/:id", async (c) => {
    const { db } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const set = id ? findPermissionSet(db, id) : null;
    if (!set) return c.notFound();
    const body = await readForm(c);
    const parsed = validate(setSchema, { name: set.builtin ? set.name : one(body, "name") });
    const refused = (errors: FieldErrors) =>
      c.html(<RolesPage sets={listPermissionSets(db)} errors={errors} />, 422);
    if (!parsed.ok) return refused(parsed.errors);
    const clash = findPermissionSetByName(db, parsed.data.name);
    if (clash && clash.id !== set.id) return refused({ _form: "A permission set with this name exists." });
    if (!unlessLockedOut(db, () => updatePermissionSet(db, set.id, parsed.data.name, permissionsOf(body))))
      return refused({ _form: "Nobody active would be left to manage users." });
    return c.redirect(`/settings/roles#set-${set.id}`, 303);
  });

  app.post("/settings/roles/:id/delete", (c) => {
    const { db } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const set = id ? findPermissionSet(db, id) : null;
    if (!set) return c.notFound();
    if (set.builtin) return c.text("Built-in permission sets cannot be deleted.", 400);
    deletePermissionSet(db, set.id);
    return c.redirect("/settings/roles", 303);
  });

  // User groups
  app.get("/settings/groups", (c) => c.html(<GroupsPage groups={listGroups(c.get("deps").db)} />));

  app.post("/settings/groups", async (c) => {
    const { db, clock } = c.get("deps");
    const name = one(await readForm(c), "name");
    const parsed = validate(setSchema, { name });
    if (!parsed.ok)
      return c.html(<GroupsPage groups={listGroups(db)} name={name} errors={parsed.errors} />, 422);
    if (findGroupByName(db, parsed.data.name))
      return c.html(
        <GroupsPage
          groups={listGroups(db)}
          name={name}
          errors={{ name: "A group with this name exists." }}
        />,
        422,
      );
    insertGroup(db, parsed.data.name, clock());
    return c.redirect("/settings/groups", 303);
  });

  app.post("/settings/groups/:id", async (c) => {
    const { db } = c.get("deps");
    const id = idParam(c.req.param("id"));
    if (!id || !listGroups(db).some((g) => g.id === id)) return c.notFound();
    const parsed = validate(setSchema, { name: one(await readForm(c), "name") });
    if (!parsed.ok)
      return c.html(<GroupsPage groups={listGroups(db)} errors={{ name: parsed.errors.name }} />, 422);
    const clash = findGroupByName(db, parsed.data.name);
    if (clash && clash.id !== id)
      return c.html(
        <GroupsPage groups={listGroups(db)} errors={{ name: "A group with this name exists." }} />,
        422,
      );
    renameGroup(db, id, parsed.data.name);
    return c.redirect("/settings/groups", 303);
  });

  app.post("/settings/groups/:id/delete", (c) => {
    const id = idParam(c.req.param("id"));
    if (!id) return c.notFound();
    deleteGroup(c.get("deps").db, id);
    return c.redirect("/settings/groups", 303);
  });

  return app;
}
