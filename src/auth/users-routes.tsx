import { Hono, type Context } from "hono";
import type { Child } from "hono/jsx";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm, validate } from "../web/forms.ts";
import { UserFormPage, UsersPage, type UserFormValues } from "./views/users.tsx";
import { guardSection, requirePermission } from "./middleware.ts";
import { assignmentSettingsCard } from "./availability-routes.tsx";
import { deleteUserSessions } from "./sessions.ts";
import { emailSchema, hashPassword, nameSchema, passwordSchema } from "./setup.ts";
import { findPermissionSetByName, listGroups, listPermissionSets } from "./teams-store.ts";
import {
  findUser,
  findUserByEmail,
  insertUser,
  listUsers,
  membershipsOf,
  setPassword,
  unlessLockedOut,
  updateUser,
  type UserRow,
} from "./users-store.ts";
import type { Db } from "../db/open.ts";

const ids = (values: string[]) => values.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
const userSchema = z.object({ name: nameSchema, email: emailSchema });

function userValues(body: Awaited<ReturnType<typeof readForm>>): UserFormValues {
  return {
    name: one(body, "name"),
    email: one(body, "email"),
    active: one(body, "active") === "1",
    permissionSetIds: ids(many(body, "permissionSetIds")),
    groupIds: ids(many(body, "groupIds")),
  };
}

/** Settings → Users: list, create, edit, reset a password. */
/** A person's edit page as stored; `extra` is the card below (assignment, maybe with its error). */
export function userEditPage(c: Context<AppEnv>, user: UserRow, extra: Child) {
  const { db } = c.get("deps");
  return (
    <UserFormPage
      userId={user.id}
      values={{
        name: user.name,
        email: user.email,
        active: user.active === 1,
        ...membershipsOf(db, user.id),
      }}
      notice={c.req.query("saved") ? "Saved." : undefined}
      sets={listPermissionSets(db)}
      groups={listGroups(db)}
      extra={extra}
    />
  );
}

export function usersRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/settings/users", requirePermission("users.manage"));

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
    return c.html(userEditPage(c, user, assignmentSettingsCard(db, user.id)));
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
    const kept = unlessLockedOut(db, () => updateUser(db, user.id, { ...values, ...parsed.data }, clock()));
    if (!kept)
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

  return app;
}
