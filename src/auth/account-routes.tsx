import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { one, readForm, validate } from "../web/forms.ts";
import { AccountPage } from "./views/account.tsx";
import { currentUser, setSessionCookie } from "./middleware.ts";
import { can } from "./principal.ts";
import { createSession, deleteUserSessions } from "./sessions.ts";
import { hashPassword, passwordSchema } from "./setup.ts";
import { findUser, setPassword } from "./users-store.ts";

/** Every signed-in person's own settings page; /settings lands here unless they manage users. */
export function accountRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/settings", (c) =>
    c.redirect(can(c.get("user"), "users.manage") ? "/settings/users" : "/settings/account", 303),
  );

  app.get("/settings/account", (c) => {
    const user = currentUser(c);
    return c.html(
      <AccountPage
        name={user.name}
        email={user.email}
        notice={c.req.query("saved") ? "Your password was changed." : undefined}
      />,
    );
  });

  app.post("/settings/account/password", async (c) => {
    const { db, clock } = c.get("deps");
    const user = currentUser(c);
    const body = await readForm(c);
    const parsed = validate(z.object({ password: passwordSchema }), { password: one(body, "password") });
    const row = findUser(db, user.id)!;
    if (!(await Bun.password.verify(one(body, "current").slice(0, 200), row.password_hash))) {
      return c.html(
        <AccountPage
          name={user.name}
          email={user.email}
          errors={{ current: "That is not your current password." }}
        />,
        422,
      );
    }
    if (!parsed.ok)
      return c.html(<AccountPage name={user.name} email={user.email} errors={parsed.errors} />, 422);
    setPassword(db, user.id, await hashPassword(parsed.data.password), clock());
    deleteUserSessions(db, user.id);
    setSessionCookie(c, createSession(db, user.id, clock()).token);
    return c.redirect("/settings/account?saved=1", 303);
  });

  return app;
}
