import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import { currentUser, guardSection, requirePermission } from "./middleware.ts";
import { isAway, openLimitOf, setAway, setOpenLimit } from "./availability.ts";
import { findUser } from "./users-store.ts";
import { userEditPage } from "./users-routes.tsx";
import { AssignmentSettingsCard, AvailabilitySwitch } from "./views/availability.tsx";

/** Loads the signed-in person's Available/Away state for the top bar, as the bell's count is loaded. */
export function loadAvailability(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (user && !c.req.path.startsWith("/static/") && !c.req.path.startsWith("/api/"))
      c.set("away", isAway(c.get("deps").db, user.id));
    await next();
  };
}

/** Back to the page the switch was flipped on (same site only), for browsers without htmx. */
function backPath(referer: string | undefined): string {
  try {
    const url = new URL(referer ?? "", "http://x");
    return url.pathname.startsWith("/") && !url.pathname.startsWith("//")
      ? url.pathname + url.search
      : "/inbox";
  } catch {
    return "/inbox";
  }
}

const LimitInput = z
  .string()
  .trim()
  .regex(/^\d{0,5}$/, { message: "Enter a whole number from 0 to 10000, or leave it blank for no limit." })
  .refine((v) => v === "" || Number(v) <= 10000, {
    message: "Enter a whole number from 0 to 10000, or leave it blank for no limit.",
  });

/** The card on Settings → Users → a person: their limit of open conversations and their availability. */
export function assignmentSettingsCard(db: Parameters<typeof isAway>[0], userId: number) {
  const limit = openLimitOf(db, userId);
  return (
    <AssignmentSettingsCard
      userId={userId}
      away={isAway(db, userId)}
      openLimit={limit === null ? "" : String(limit)}
    />
  );
}

export function availabilityRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/settings/users", requirePermission("users.manage"));

  app.get("/settings/account/availability", (c) =>
    c.html(<AvailabilitySwitch away={isAway(c.get("deps").db, currentUser(c).id)} />),
  );

  // Each person flips their own switch only: the user is the signed-in one, never a form field.
  app.post("/settings/account/availability", async (c) => {
    const { db } = c.get("deps");
    const me = currentUser(c);
    const away = one(await readForm(c), "away") === "1";
    setAway(db, me.id, away);
    if (c.req.header("hx-request") === "true") return c.html(<AvailabilitySwitch away={away} />);
    return c.redirect(backPath(c.req.header("referer")), 303);
  });

  app.post("/settings/users/:id/assignment", async (c) => {
    const { db } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const user = id ? findUser(db, id) : null;
    if (!user) return c.notFound();
    const raw = one(await readForm(c), "open_limit");
    const parsed = LimitInput.safeParse(raw);
    if (!parsed.success)
      return c.html(
        userEditPage(
          c,
          user,
          <AssignmentSettingsCard
            userId={user.id}
            away={isAway(db, user.id)}
            openLimit={raw.slice(0, 20)}
            error={parsed.error.issues[0]?.message ?? "Enter a number."}
          />,
        ),
        422,
      );
    setOpenLimit(db, user.id, parsed.data === "" ? null : Number(parsed.data));
    return c.redirect(`/settings/users/${user.id}?saved=1#assignment`, 303);
  });

  return app;
}
