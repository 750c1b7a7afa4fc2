import { write } from "../db/write.ts";
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../web/context.ts";
import { idParam, many, one, readForm, validate, type FormBody } from "../web/forms.ts";
import { guardSection, currentUser, requirePermission } from "../auth/middleware.ts";
import { findUser } from "../auth/users-store.ts";
import { enqueueJob, findJob, requeueJob } from "../jobs/queue.ts";
import { integrationChannels, reachCovered, type IntegrationChannels } from "../api/integration-access.ts";
import { EndpointPage, NewEndpointPage, WebhooksPage, type EndpointFormValues } from "./views/endpoints.tsx";
import { DeliveryLog, DeliveryPage, type DeliveryLogProps } from "./views/deliveries.tsx";
import { emitTestEvent, MAX_DELIVERY_ATTEMPTS, WEBHOOK_JOB } from "./events.ts";
import { pageWithMore } from "../web/paging.ts";
import {
  deleteEndpoint,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  markDeliveryPending,
  rotateEndpointSecret,
  setDeliveryJob,
  updateEndpoint,
  WEBHOOK_EVENTS,
  type Endpoint,
} from "./store.ts";

const LOG_PAGE = 25;

const endpointSchema = z.object({
  name: z.string().trim().max(100, "Use at most 100 characters."),
  url: z
    .string()
    .trim()
    .max(2000, "Use at most 2,000 characters.")
    .refine(
      (u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol),
      "Enter an http:// or https:// URL.",
    ),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Pick at least one event."),
  channelIds: z.array(z.number().int().positive()),
  active: z.boolean(),
});

/** The channels the signed-in person may point an endpoint at. */
function mine(c: Context<AppEnv>): IntegrationChannels {
  return integrationChannels(c.get("deps").db, currentUser(c));
}

/** An endpoint shows to (and is changed by) only someone who may use every channel it reaches. */
const endpointVisible = (e: Endpoint, m: IntegrationChannels) =>
  reachCovered(e.channelIds.length === 0 ? "all" : e.channelIds, m);

function formValues(body: FormBody): EndpointFormValues {
  return {
    name: one(body, "name"),
    url: one(body, "url"),
    events: many(body, "events"),
    channelIds: many(body, "channelIds")
      .map(Number)
      .filter((n) => Number.isSafeInteger(n) && n > 0),
    active: one(body, "active") === "1",
  };
}

/**
 * Validates the form against what its sender may use: a channel they may not use (or that no longer
 * exists) is refused, not dropped, and "every channel" (none ticked) needs someone who may use them all.
 */
function parseEndpoint(values: EndpointFormValues, m: IntegrationChannels) {
  const parsed = validate(endpointSchema, values);
  if (!parsed.ok) return parsed;
  if (parsed.data.channelIds.some((id) => !m.live.has(id)))
    return { ok: false as const, errors: { channelIds: "Pick only channels you may use that still exist." } };
  if (parsed.data.channelIds.length === 0 && !m.every)
    return {
      ok: false as const,
      errors: {
        channelIds:
          "Pick the channels this endpoint is for: every channel is only for someone who may use them all.",
      },
    };
  return parsed;
}

function valuesOf(e: Endpoint): EndpointFormValues {
  return { name: e.name, url: e.url, events: e.events, channelIds: e.channelIds, active: e.active };
}

function logProps(c: Context<AppEnv>, endpointId: number): DeliveryLogProps {
  const before = idParam(c.req.query("before"));
  const { db, config } = c.get("deps");
  const rows = listDeliveries(db, endpointId, LOG_PAGE + 1, before);
  const { page, more } = pageWithMore(
    rows,
    LOG_PAGE,
    (last) => `/settings/webhooks/${endpointId}?before=${last.id}#delivery-log`,
  );
  return { endpointId, deliveries: page, more, keptDays: config.jobRetentionDays };
}

/** The endpoint of the URL, or null (→ 404) when it does not exist or reaches channels beyond the viewer's. */
function loadEndpoint(c: Context<AppEnv>): Endpoint | null {
  const id = idParam(c.req.param("id"));
  const e = id ? findEndpoint(c.get("deps").db, id) : null;
  return e && endpointVisible(e, mine(c)) ? e : null;
}

function ownerName(c: Context<AppEnv>, e: Endpoint): string | null {
  const owner = e.createdBy === null ? null : findUser(c.get("deps").db, e.createdBy);
  if (!owner) return null;
  return owner.active ? owner.name : `${owner.name} (deactivated: it delivers nothing)`;
}

const NOTICES: Record<string, string> = {
  created: "Endpoint added. Send a test event to try it.",
  saved: "Saved.",
  test: "Test event queued: watch the log below.",
  rotated: "New secret set. Update your receiver.",
  resent: "Queued again.",
};

export function webhooksRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/settings/webhooks", requirePermission("integrations.manage"));

  app.get("/settings/webhooks", (c) => {
    const m = mine(c);
    return c.html(
      <WebhooksPage
        endpoints={listEndpoints(c.get("deps").db).filter((e) => endpointVisible(e, m))}
        channels={m.options}
        notice={c.req.query("deleted") ? "Endpoint deleted." : undefined}
      />,
    );
  });

  app.get("/settings/webhooks/new", (c) => {
    const m = mine(c);
    return c.html(
      <NewEndpointPage
        values={{
          name: "",
          url: "",
          events: ["message.inbound", "message.outbound", "message.status"],
          channelIds: [],
          active: true,
        }}
        channels={m.options}
        offerEvery={m.every}
      />,
    );
  });

  app.post("/settings/webhooks", async (c) => {
    const { db, clock } = c.get("deps");
    const values = formValues(await readForm(c));
    const m = mine(c);
    const parsed = parseEndpoint(values, m);
    if (!parsed.ok)
      return c.html(
        <NewEndpointPage values={values} channels={m.options} offerEvery={m.every} errors={parsed.errors} />,
        422,
      );
    const e = insertEndpoint(db, parsed.data, clock(), currentUser(c).id);
    return c.redirect(`/settings/webhooks/${e.id}?notice=created`, 303);
  });

  app.get("/settings/webhooks/:id", (c) => {
    const e = loadEndpoint(c);
    if (!e) return c.notFound();
    const m = mine(c);
    return c.html(
      <EndpointPage
        endpoint={e}
        values={valuesOf(e)}
        channels={m.options}
        offerEvery={m.every}
        ownerName={ownerName(c, e)}
        log={logProps(c, e.id)}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />,
    );
  });

  app.get("/settings/webhooks/:id/log", (c) => {
    const e = loadEndpoint(c);
    if (!e) return c.notFound();
    return c.html(<DeliveryLog {...logProps(c, e.id)} />);
  });

  app.post("/settings/webhooks/:id", async (c) => {
    const { db, clock } = c.get("deps");
    const e = loadEndpoint(c);
    if (!e) return c.notFound();
    const values = formValues(await readForm(c));
    const m = mine(c);
    const parsed = parseEndpoint(values, m);
    if (!parsed.ok)
      return c.html(
        <EndpointPage
          endpoint={e}
          values={values}
          channels={m.options}
          offerEvery={m.every}
          ownerName={ownerName(c, e)}
          errors={parsed.errors}
          log={logProps(c, e.id)}
        />,
        422,
      );
    updateEndpoint(db, e.id, parsed.data, clock(), currentUser(c).id);
    return c.redirect(`/settings/webhooks/${e.id}?notice=saved`, 303);
  });

  app.post("/settings/webhooks/:id/delete", (c) => {
    const e = loadEndpoint(c);
    if (!e) return c.notFound();
    deleteEndpoint(c.get("deps").db, e.id);
    return c.redirect("/settings/webhooks?deleted=1", 303);
  });

  app.post("/settings/webhooks/:id/rotate", (c) => {
    const { db, clock } = c.get("deps");
    const e = loadEndpoint(c);
    if (!e) return c.notFound();
    rotateEndpointSecret(db, e.id, clock());
    return c.redirect(`/settings/webhooks/${e.id}?notice=rotated`, 303);
  });

  app.post("/settings/webhooks/:id/test", (c) => {
    const { db, clock, config, secret, services } = c.get("deps");
    const e = loadEndpoint(c);
    if (!e) return c.notFound();
    emitTestEvent({ db, baseUrl: config.baseUrl, secret, now: clock() }, e);
    services.jobs.poke();
    return c.redirect(`/settings/webhooks/${e.id}?notice=test#delivery-log`, 303);
  });

  app.get("/settings/webhooks/:id/deliveries/:did", (c) => {
    const e = loadEndpoint(c);
    const did = idParam(c.req.param("did"));
    const d = e && did ? findDelivery(c.get("deps").db, did) : null;
    if (!e || !d || d.endpoint_id !== e.id) return c.notFound();
    return c.html(
      <DeliveryPage
        endpointId={e.id}
        endpointName={e.name || e.url}
        d={d}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />,
    );
  });

  /** Resend puts a finished delivery back in its endpoint's queue, with its tries counted afresh. */
  app.post("/settings/webhooks/:id/deliveries/:did/resend", (c) => {
    const { db, clock, services } = c.get("deps");
    const e = loadEndpoint(c);
    const did = idParam(c.req.param("did"));
    const d = e && did ? findDelivery(db, did) : null;
    if (!e || !d || d.endpoint_id !== e.id) return c.notFound();
    if (d.status !== "pending") {
      write(db, () => {
        markDeliveryPending(db, d.id);
        // Done jobs may have been pruned since: then the delivery gets a fresh one.
        if (d.job_id !== null && findJob(db, d.job_id)) requeueJob(db, d.job_id, clock());
        else {
          const jobId = enqueueJob(
            db,
            {
              kind: WEBHOOK_JOB,
              payload: { deliveryId: d.id },
              runAt: clock(),
              orderKey: `webhook:${e.id}:resend`,
              maxAttempts: MAX_DELIVERY_ATTEMPTS,
            },
            clock(),
          );
          if (jobId !== null) setDeliveryJob(db, d.id, jobId);
        }
      });
      services.jobs.poke();
    }
    const back =
      c.req.query("from") === "log"
        ? `/settings/webhooks/${e.id}?notice=resent#delivery-log`
        : `/settings/webhooks/${e.id}/deliveries/${d.id}?notice=resent`;
    return c.redirect(back, 303);
  });

  return app;
}
