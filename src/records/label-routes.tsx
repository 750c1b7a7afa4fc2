import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { readForm } from "../web/forms.ts";
import { requirePermission } from "../auth/middleware.ts";
import { findLabel } from "../messaging/labels.ts";
import { labelChangeOf } from "../labels/conversation-routes.tsx";
import { recordHref } from "./fields.ts";
import { routeRecord } from "./route-params.ts";
import { changeRecordLabels } from "./labels.ts";

/** Labels on a record's page: adding and removing one needs records.edit, as editing the record does. */
export function recordLabelRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/records/:types/:id/labels", requirePermission("records.edit"), async (c) => {
    const row = routeRecord(c);
    if (!row) return c.notFound();
    const { db, clock } = c.get("deps");
    const change = labelChangeOf(await readForm(c));
    if ([...(change.add ?? []), ...(change.remove ?? [])].some((id) => !findLabel(db, id)))
      return c.text("That label no longer exists.", 422);
    changeRecordLabels(db, row.id, change, clock());
    return c.redirect(`${recordHref(row.type, row.id)}#labels`, 303);
  });
  return app;
}
