import { Hono } from "hono";
import type { AppEnv } from "../web/context.ts";
import { one, readForm } from "../web/forms.ts";
import { clearBusinessHours, findBusinessHours, saveBusinessHours } from "./business-hours-store.ts";
import { hoursFormValues, validateHours, valuesFromHours } from "./business-hours-form.ts";
import { manageChannelGuard, visibleChannel } from "./routes.tsx";
import { BusinessHoursPage } from "./views/hours.tsx";

/** `/channels/:id/hours`: a channel's business hours, for channel managers who may see it. */
export function businessHoursRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const manageChannel = manageChannelGuard();

  app.get("/channels/:id/hours", manageChannel, (c) => {
    const ch = visibleChannel(c);
    if (!ch) return c.notFound();
    const hours = findBusinessHours(c.get("deps").db, ch.id);
    return c.html(
      <BusinessHoursPage
        channelId={ch.id}
        channelName={ch.name || ch.phone_e164}
        values={valuesFromHours(hours)}
        isSet={hours !== null}
        saved={c.req.query("done") === "saved"}
      />,
    );
  });

  app.post("/channels/:id/hours", manageChannel, async (c) => {
    const ch = visibleChannel(c);
    if (!ch) return c.notFound();
    const { db, clock } = c.get("deps");
    const body = await readForm(c);
    if (one(body, "clear") === "1") {
      clearBusinessHours(db, ch.id);
      return c.redirect(`/channels/${ch.id}/hours`, 303);
    }
    const values = hoursFormValues(body);
    const parsed = validateHours(values);
    if (!parsed.ok)
      return c.html(
        <BusinessHoursPage
          channelId={ch.id}
          channelName={ch.name || ch.phone_e164}
          values={values}
          isSet={findBusinessHours(db, ch.id) !== null}
          errors={parsed.errors}
        />,
        422,
      );
    saveBusinessHours(db, ch.id, parsed.hours, clock());
    return c.redirect(`/channels/${ch.id}/hours?done=saved`, 303);
  });

  return app;
}
