import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { can } from "../auth/principal.ts";
import { assignableTeams } from "../assignment/people.ts";
import { channelVisibleTo } from "./access.ts";
import { autoAssignSettings, saveAutoAssignSettings } from "./auto-assign-store.ts";
import { findChannel, type ChannelRow } from "./store.ts";
import { AutoAssignForm } from "./views/auto-assign.tsx";
import { ChannelFormPage } from "./views/form.tsx";
import { valuesFromChannel } from "./form.ts";
import { parseAccessList } from "../auth/access.ts";
import { accessNames } from "./routes.tsx";

const AutoAssignInput = z.object({
  enabled: z.enum(["", "1"], { message: "Tick the box or leave it." }),
  team: z.string().regex(/^\d{0,12}$/, { message: "Choose a team from the list." }),
});

/** The auto-assignment card of a channel's settings, as stored (or as sent, with its error). */
export function autoAssignCard(
  c: Context<AppEnv>,
  ch: ChannelRow,
  over: { enabled?: boolean; teamId?: number | null; error?: string } = {},
) {
  const { db } = c.get("deps");
  const stored = autoAssignSettings(db, ch.id);
  return (
    <AutoAssignForm
      channelId={ch.id}
      enabled={over.enabled ?? stored.enabled}
      teamId={over.teamId !== undefined ? over.teamId : stored.teamId}
      teams={assignableTeams(db, ch)}
      error={over.error ?? null}
    />
  );
}

/** POST /channels/:id/auto-assign: for channel managers who may see the channel (others: 404, then 403). */
export function autoAssignRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/channels/:id/auto-assign", async (c) => {
    const { db, clock } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const ch = id ? findChannel(db, id) : null;
    const user = currentUser(c);
    if (!ch || ch.deleted_at !== null || !channelVisibleTo(user, ch)) return c.notFound();
    if (!can(user, "channels.manage")) return c.text("You need the Manage channels permission.", 403);
    const body = await readForm(c);
    const parsed = AutoAssignInput.safeParse({ enabled: one(body, "enabled"), team: one(body, "team") });
    const teamId = parsed.success && parsed.data.team !== "" ? Number(parsed.data.team) : null;
    const enabled = parsed.success && parsed.data.enabled === "1";
    const error = !parsed.success
      ? (parsed.error.issues[0]?.message ?? "Check the form.")
      : teamId !== null && !assignableTeams(db, ch).some((t) => t.id === teamId)
        ? "Choose a team with someone in it who may use this channel."
        : null;
    if (error)
      return c.html(
        <ChannelFormPage
          channelId={ch.id}
          values={valuesFromChannel(ch, parseAccessList(ch.access))}
          names={accessNames(c)}
          extra={autoAssignCard(c, ch, { enabled, teamId, error })}
        />,
        422,
      );
    saveAutoAssignSettings(db, ch.id, { enabled, teamId }, clock());
    return c.redirect(`/channels/${ch.id}/edit#auto-assign`, 303);
  });
  return app;
}
