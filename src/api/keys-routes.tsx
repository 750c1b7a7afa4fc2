import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm, validate } from "../web/forms.ts";
import { currentUser, requirePermission } from "../auth/middleware.ts";
import type { FieldErrors } from "../../views/components/form.tsx";
import { ApiKeysPage, type ApiKeyFormValues } from "../../views/integrations/api-keys.tsx";
import type { ChannelOption } from "../../views/integrations/webhooks.tsx";
import { channelInfos } from "./present.ts";
import { channelIdsOf, insertApiKey, listApiKeys, revokeApiKey } from "./keys-store.ts";

const keySchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  scope: z.enum(["read", "send"], "Pick a scope."),
});

const EMPTY: ApiKeyFormValues = { name: "", scope: "read", allChannels: false, channelIds: [] };

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
  const all = channelInfos(db, "all");
  const names = new Map(all.map((ch) => [ch.id, ch.name || ch.phone_e164]));
  const channels: ChannelOption[] = all
    .filter((ch) => ch.deleted_at === null)
    .map((ch) => ({ id: ch.id, name: ch.name, phone: ch.phone_e164 }));
  const keys = listApiKeys(db).map((k) => {
    const ids = channelIdsOf(k);
    return {
      ...k,
      channelsLabel: ids === "all" ? "All" : ids.map((id) => names.get(id) ?? `#${id}`).join(", ") || "None",
    };
  });
  // A page that shows a new key must not be cached or kept in history.
  if (opts.created) c.header("Cache-Control", "no-store");
  return c.html(
    <ApiKeysPage
      keys={keys}
      channels={channels}
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
  app.use("/settings/api-keys", requirePermission("integrations.manage"));
  app.use("/settings/api-keys/*", requirePermission("integrations.manage"));

  app.get("/settings/api-keys", (c) =>
    page(c, { notice: c.req.query("revoked") ? "Key revoked." : undefined }),
  );

  /** The key is shown in this response only; nothing that could show it again is stored. */
  app.post("/settings/api-keys", async (c) => {
    const { db, clock } = c.get("deps");
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
    const known = new Set(
      channelInfos(db, values.channelIds)
        .filter((ch) => ch.deleted_at === null)
        .map((ch) => ch.id),
    );
    if (!values.allChannels && values.channelIds.length === 0)
      errors.channelIds = "Pick the channels this key may use, or all channels.";
    else if (values.channelIds.some((id) => !known.has(id)))
      errors.channelIds = "One of the channels no longer exists.";
    if (!parsed.ok || Object.keys(errors).length > 0) return page(c, { values, errors }, 422);
    const created = insertApiKey(
      db,
      {
        name: parsed.data.name,
        scope: parsed.data.scope,
        channels: values.allChannels ? "all" : values.channelIds,
        createdBy: currentUser(c).id,
      },
      clock(),
    );
    return page(c, { created: { name: parsed.data.name, key: created.key } });
  });

  app.post("/settings/api-keys/:id/revoke", (c) => {
    const { db, clock } = c.get("deps");
    const id = idParam(c.req.param("id"));
    if (!id) return c.notFound();
    revokeApiKey(db, id, clock());
    return c.redirect("/settings/api-keys?revoked=1", 303);
  });

  return app;
}
