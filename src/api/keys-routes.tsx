import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm, validate } from "../web/forms.ts";
import { guardSection, currentUser, requirePermission } from "../auth/middleware.ts";
import { can } from "../auth/principal.ts";
import { userNames } from "../auth/users-store.ts";
import type { FieldErrors } from "../ui/components/form.tsx";
import { ApiKeysPage, type ApiKeyFormValues } from "./views/api-keys.tsx";
import { integrationChannels, reachCovered, type IntegrationChannels } from "./integration-access.ts";
import {
  channelIdsOf,
  findApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyRow,
} from "./keys-store.ts";

const keySchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  scope: z.enum(["read", "send", "manage"], "Pick a scope."),
});

const EMPTY: ApiKeyFormValues = { name: "", scope: "read", allChannels: false, channelIds: [] };

/** A key shows to, and is revoked by, only someone who may use every channel it is scoped to. */
const keyVisible = (row: ApiKeyRow, mine: IntegrationChannels) => reachCovered(channelIdsOf(row), mine);

function page(
  c: Context<AppEnv>,
  opts: {
    values?: ApiKeyFormValues;
    errors?: FieldErrors;
    created?: { name: string; key: string };
    notice?: string;
  } = {},
  status: 200 | 422 = 200,
) {
  const { db } = c.get("deps");
  const user = currentUser(c);
  const usable = integrationChannels(db, user);
  const names = new Map(usable.all.map((ch) => [ch.id, ch.name || ch.phone_e164]));
  const people = userNames(db);
  const keys = listApiKeys(db)
    .filter((k) => keyVisible(k, usable))
    .map((k) => {
      const ids = channelIdsOf(k);
      return {
        ...k,
        creatorName: k.created_by === null ? null : (people.get(k.created_by) ?? null),
        channelsLabel:
          ids === "all" ? "All" : ids.map((id) => names.get(id) ?? `#${id}`).join(", ") || "None",
      };
    });
  // A page that shows a new key must not be cached or kept in history.
  if (opts.created) c.header("Cache-Control", "no-store");
  return c.html(
    <ApiKeysPage
      keys={keys}
      channels={usable.options}
      offerAllChannels={usable.every}
      offerManage={can(user, "channels.manage")}
      values={opts.values ?? EMPTY}
      errors={opts.errors}
      created={opts.created ?? null}
      notice={opts.notice}
    />,
    status,
  );
}

export function apiKeysRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/settings/api-keys", requirePermission("integrations.manage"));

  app.get("/settings/api-keys", (c) =>
    page(c, { notice: c.req.query("revoked") ? "Key revoked." : undefined }),
  );

  /**
   * The key is shown in this response only; nothing that could show it again is stored. A key acts
   * for its creator: it is scoped to channels they may use (all channels only for someone who may
   * use every one), and the manage scope needs channels.manage.
   */
  app.post("/settings/api-keys", async (c) => {
    const { db, clock } = c.get("deps");
    const user = currentUser(c);
    const body = await readForm(c);
    const values: ApiKeyFormValues = {
      name: one(body, "name"),
      scope: one(body, "scope"),
      allChannels: one(body, "allChannels") === "1",
      channelIds: many(body, "channelIds")
        .map(Number)
        .filter((n) => Number.isSafeInteger(n) && n > 0),
    };
    const parsed = validate(keySchema, values);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    const usable = integrationChannels(db, user);
    if (values.allChannels && !usable.every)
      errors.channelIds =
        "All channels is only for someone who may use every channel: pick the channels this key may use.";
    else if (!values.allChannels && values.channelIds.length === 0)
      errors.channelIds = "Pick the channels this key may use, or all channels.";
    else if (!values.allChannels && values.channelIds.some((id) => !usable.live.has(id)))
      errors.channelIds = "Pick only channels you may use that still exist.";
    if (parsed.ok && parsed.data.scope === "manage" && !can(user, "channels.manage"))
      errors.scope = "The manage scope is for people who manage channels.";
    if (!parsed.ok || Object.keys(errors).length > 0) return page(c, { values, errors }, 422);
    const created = insertApiKey(
      db,
      {
        name: parsed.data.name,
        scope: parsed.data.scope,
        channels: values.allChannels ? "all" : values.channelIds,
        createdBy: user.id,
      },
      clock(),
    );
    return page(c, { created: { name: parsed.data.name, key: created.key } });
  });

  app.post("/settings/api-keys/:id/revoke", (c) => {
    const { db, clock } = c.get("deps");
    const id = idParam(c.req.param("id"));
    const row = id ? findApiKey(db, id) : null;
    if (!row || !keyVisible(row, integrationChannels(db, currentUser(c)))) return c.notFound();
    revokeApiKey(db, row.id, clock());
    return c.redirect("/settings/api-keys?revoked=1", 303);
  });

  return app;
}
