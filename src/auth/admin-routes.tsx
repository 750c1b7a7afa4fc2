import { write } from "../db/write.ts";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm, validate } from "../web/forms.ts";
import { GroupsPage, RolesPage } from "../../views/admin/teams.tsx";
import { UserFormPage, UsersPage, type UserFormValues } from "../../views/admin/users.tsx";
import { requirePermission } from "./middleware.ts";
import { isPermission, type Permission } from "./principal.ts";
import { deleteUserSessions } from "./sessions.ts";
import { emailSchema, hashPassword, nameSchema, passwordSchema } from "./setup.ts";
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
import {
  findUser,
  findUserByEmail,
  insertUser,
  listUsers,
  membershipsOf,
  setPassword,
  updateUser,
} from "./users-store.ts";
import type { Db } from "../db/open.ts";

const ids = (values: string[]) => values.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
const userSchema = z.object({ name: nameSchema, email: emailSchema });
const setSchema = z.object({ name: nameSchema });

function userValues(body: Awaited<ReturnType<typeof readForm>>): UserFormValues {
  return {
    name: one(body, "name"),
    email: one(body, "email"),
    active: one(body, "active") === "1",
    permissionSetIds: ids(many(body, "permissionSetIds")),
    groupIds: ids(many(body, "groupIds")),
  };
}

/** Someone must always be able to manage users; refuse changes that would lock everyone out. */
function activeUserManagers(db: Db): number {
  return db
    .query<{ n: number }, []>(
      `SELECT count(DISTINCT u.id) AS n FROM users u
       JOIN user_permission_sets ups ON ups.user_id = u.id
       JOIN permission_sets ps ON ps.id = ups.permission_set_id
       WHERE u.active = 1 AND EXISTS (SELECT 1 FROM json_each(ps.permissions) WHERE value = 'users.manage')`,
    )
    .get()!.n;
}

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/settings/users/*", requirePermission("users.manage"));
  app.use("/settings/users", requirePermission("users.manage"));
  app.use("/settings/roles/*", requirePermission("users.manage"));
  app.use("/settings/roles", requirePermission("users.manage"));
  app.use("/settings/groups/*", requirePermission("users.manage"));
  app.use("/settings/groups", requirePermission("users.manage"));

  app.get("/settings/users", (c) =>
    c.html(
      <UsersPage users={listUsers(c.get("deps").db)} notice={c.req.query("saved") ? "Saved." : undefined} />,
    ),
  );

  const formPage = (
    c: { get: (k: "deps") => { db: Db } },
    props: Omit<Parameters<typeof UserFormPage>[0], "sets" | "groups">,
  ) => (
    <UserFormPage
      {...props}
      sets={listPermissionSets(c.get("deps").db)}
      groups={listGroups(c.get("deps").db)}
    />
  );

  app.get("/settings/users/new", (c) => {
    const agent = findPermissionSetByName(c.get("deps").db, "Agent");
    return c.html(
      formPage(c, {
        values: {
          name: "",
          email: "",
          active: true,
          permissionSetIds: agent ? [agent.id] : [],
          groupIds: [],
        },
      }),
    );
  });

  app.post("/settings/users", async (c) => {
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    const values = userValues(body);
    const parsed = validate(userSchema.extend({ password: passwordSchema }), {
      ...values,
      password: one(body, "password"),
    });
    if (!parsed.ok) return c.html(formPage(c, { values, errors: parsed.errors }), 422);
    if (findUserByEmail(db, parsed.data.email))
      return c.html(
        formPage(c, { values, errors: { email: "A user with this email already exists." } }),
        422,
      );
    const passwordHash = await hashPassword(parsed.data.password);
    insertUser(db, { ...values, name: parsed.data.name, email: parsed.data.email, passwordHash }, clock());
    return c.redirect("/settings/users?saved=1", 303);
  });

  app.get("/settings/users/:id", (c) => {
    const { db } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const user = id ? findUser(db, id) : null;
    if (!user) return c.notFound();
    const values = {
      name: user.name,
      email: user.email,
      active: user.active === 1,
      ...membershipsOf(db, user.id),
    };
    return c.html(
      formPage(c, { userId: user.id, values, notice: c.req.query("saved") ? "Saved." : undefined }),
    );
  });

  app.post("/settings/users/:id", async (c) => {
    const { db, clock } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const user = id ? findUser(db, id) : null;
    if (!user) return c.notFound();
    const values = userValues(await readForm(c));
    const parsed = validate(userSchema, values);
    if (!parsed.ok) return c.html(formPage(c, { userId: user.id, values, errors: parsed.errors }), 422);
    const other = findUserByEmail(db, parsed.data.email);
    if (other && other.id !== user.id)
      return c.html(
        formPage(c, { userId: user.id, values, errors: { email: "A user with this email already exists." } }),
        422,
      );
    try {
      write(db, () => {
        updateUser(db, user.id, { ...values, ...parsed.data }, clock());
        if (activeUserManagers(db) === 0) throw new LockoutError();
      });
    } catch (err) {
      if (!(err instanceof LockoutError)) throw err;
      return c.html(
        formPage(c, {
          userId: user.id,
          values,
          errors: {
            _form:
              "Nobody active would be left to manage users. Keep at least one active user with users.manage.",
          },
        }),
        422,
      );
    }
    return c.redirect(`/settings/users/${user.id}?saved=1`, 303);
  });

  app.post("/settings/users/:id/password", async (c) => {
    const { db, clock } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const user = id ? findUser(db, id) : null;
    if (!user) return c.notFound();
    const parsed = validate(z.object({ password: passwordSchema }), {
      password: one(await readForm(c), "password"),
    });
    const values = {
      name: user.name,
      email: user.email,
      active: user.active === 1,
      ...membershipsOf(db, user.id),
    };
    if (!parsed.ok) return c.html(formPage(c, { userId: user.id, values, errors: parsed.errors }), 422);
    setPassword(db, user.id, await hashPassword(parsed.data.password), clock());
    deleteUserSessions(db, user.id);
    return c.redirect(`/settings/users/${user.id}?saved=1`, 303);
  });

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
    if (!parsed.ok) return c.html(<RolesPage sets={listPermissionSets(db)} errors={parsed.errors} />, 422);
    const clash = findPermissionSetByName(db, parsed.data.name);
    if (clash && clash.id !== set.id)
      return c.html(
        <RolesPage
          sets={listPermissionSets(db)}
          errors={{ _form: "A permission set with this name exists." }}
        />,
        422,
      );
    try {
      write(db, () => {
        updatePermissionSet(db, set.id, parsed.data.name, permissionsOf(body));
        if (activeUserManagers(db) === 0) throw new LockoutError();
      });
    } catch (err) {
      if (!(err instanceof LockoutError)) throw err;
      return c.html(
        <RolesPage
          sets={listPermissionSets(db)}
          errors={{ _form: "Nobody active would be left to manage users." }}
        />,
        422,
      );
    }
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

class LockoutError extends Error {}
