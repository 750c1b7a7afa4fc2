import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { many, one, readForm } from "../web/forms.ts";
import { currentUser } from "../auth/middleware.ts";
import { write } from "../db/write.ts";
import { safeTimeZone } from "../inbox/snooze-time.ts";
import { PushSettingsPage, type PushSettingsForm } from "./views/settings.tsx";
import { clockText, minutesOf } from "./quiet-hours.ts";
import { queuePushToUser } from "./queue.ts";
import {
  deleteSubscriptionOf,
  PUSH_KINDS,
  preferencesOf,
  saveSubscription,
  savePreferences,
  subscriptionsOf,
  type PushKind,
  type PushPreferences,
} from "./store.ts";
import { vapidKeys } from "./vapid.ts";

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url")
    .refine((s) => Buffer.from(s, "base64url").length === bytes, `must be ${bytes} bytes`);

/** What PushSubscription.toJSON() gives: the push service URL and the browser's two keys. */
const subscriptionSchema = z.object({
  endpoint: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .refine((u) => !/[\s]/.test(u), "must be a URL"),
  keys: z.object({ p256dh: base64url(65), auth: base64url(16) }),
});
const endpointSchema = z.object({ endpoint: z.string().min(1).max(2000) });

function formOf(p: PushPreferences): PushSettingsForm {
  return {
    kinds: PUSH_KINDS.filter((k) => p[k]),
    quietFrom: clockText(p.quietFrom),
    quietTo: clockText(p.quietTo),
    timeZone: p.timeZone,
  };
}

async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return null;
  }
}

/** Settings → Notifications: what to push and when not, and this browser's push subscription. */
export function pushRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/settings/notifications", (c) => {
    const { db } = c.get("deps");
    const user = currentUser(c);
    return c.html(
      <PushSettingsPage
        form={formOf(preferencesOf(db, user.id))}
        browsers={subscriptionsOf(db, user.id).length}
        notice={
          c.req.query("saved")
            ? "Saved."
            : c.req.query("tested")
              ? "A test notification is on its way."
              : undefined
        }
      />,
    );
  });

  app.post("/settings/notifications", async (c) => {
    const { db, clock } = c.get("deps");
    const user = currentUser(c);
    const body = await readForm(c);
    const kinds = new Set(many(body, "kinds"));
    const quietFrom = one(body, "quietFrom").trim();
    const quietTo = one(body, "quietTo").trim();
    const errors: Record<string, string> = {};
    const from = quietFrom ? minutesOf(quietFrom) : null;
    const to = quietTo ? minutesOf(quietTo) : null;
    if (quietFrom && from === null) errors.quietFrom = "Write a time as HH:MM, e.g. 22:00.";
    if (quietTo && to === null) errors.quietTo = "Write a time as HH:MM, e.g. 07:00.";
    if (!errors.quietFrom && !errors.quietTo && (from === null) !== (to === null))
      errors[from === null ? "quietFrom" : "quietTo"] = "Give both ends of the quiet hours, or neither.";
    const prefs: PushPreferences = {
      ...(Object.fromEntries(PUSH_KINDS.map((k) => [k, kinds.has(k)])) as Record<PushKind, boolean>),
      quietFrom: from,
      quietTo: to,
      timeZone: safeTimeZone(one(body, "tz").slice(0, 100) || preferencesOf(db, user.id).timeZone),
    };
    if (Object.keys(errors).length > 0) {
      const form = { ...formOf(prefs), quietFrom: quietFrom.slice(0, 10), quietTo: quietTo.slice(0, 10) };
      return c.html(
        <PushSettingsPage form={form} browsers={subscriptionsOf(db, user.id).length} errors={errors} />,
        422,
      );
    }
    write(db, () => savePreferences(db, user.id, prefs, clock()));
    return c.redirect("/settings/notifications?saved=1", 303);
  });

  // The server's public VAPID key, which the browser needs to subscribe (made on first use).
  app.get("/settings/notifications/key", (c) => {
    const { config, logger } = c.get("deps");
    c.header("Cache-Control", "no-store");
    try {
      return c.json({ publicKey: vapidKeys(config.dataDir).publicKey });
    } catch (err) {
      logger.error({ err, dataDir: config.dataDir }, "could not read or create the VAPID keys");
      return c.json(
        { error: "unavailable", message: "Push is not available: the server cannot keep its keys." },
        503,
      );
    }
  });

  app.post("/settings/notifications/subscriptions", async (c) => {
    const { db, clock } = c.get("deps");
    const parsed = subscriptionSchema.safeParse(await jsonBody(c));
    if (!parsed.success)
      return c.json({ error: "invalid_subscription", message: "That is not a push subscription." }, 422);
    const s = parsed.data;
    const id = write(db, () =>
      saveSubscription(
        db,
        {
          userId: currentUser(c).id,
          endpoint: s.endpoint,
          p256dh: s.keys.p256dh,
          auth: s.keys.auth,
          userAgent: c.req.header("user-agent") ?? "",
        },
        clock(),
      ),
    );
    return c.json({ id }, 201);
  });

  app.delete("/settings/notifications/subscriptions", async (c) => {
    const { db } = c.get("deps");
    const parsed = endpointSchema.safeParse(await jsonBody(c));
    if (!parsed.success) return c.json({ error: "invalid", message: "Say which endpoint to remove." }, 422);
    const gone = write(db, () => deleteSubscriptionOf(db, currentUser(c).id, parsed.data.endpoint));
    return gone ? c.body(null, 204) : c.json({ error: "not_found", message: "No such subscription." }, 404);
  });

  app.post("/settings/notifications/test", (c) => {
    const { db, clock, services } = c.get("deps");
    const user = currentUser(c);
    const now = clock();
    write(db, (tx) => {
      queuePushToUser(
        db,
        {
          userId: user.id,
          kind: "test",
          content: { title: "Pairbox", body: "Push notifications work on this device.", url: "/inbox" },
          source: `test:${user.id}:${now}`,
        },
        now,
      );
      tx.afterCommit(() => services.jobs.poke());
    });
    return c.redirect("/settings/notifications?tested=1", 303);
  });

  return app;
}
