import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { addChannel, ACTIONS } from "../channels/lifecycle.ts";
import { checkChannelPhone, checkCountryPrefix } from "../channels/phone-rules.ts";
import { findChannel, type ChannelRow } from "../channels/store.ts";
import { channelJson } from "../channels/public-json.ts";
import { channelInfo } from "../channels/store.ts";
import { cleanDisplayName } from "../display-name.ts";
import { ChannelSchema } from "../messaging/public-schemas.ts";
import { apiError, keyReaches, notFoundJson, requireManageScope, type ApiEnv } from "./http.ts";
import { errorAnswer, errors, idPath, security } from "./openapi-parts.ts";

/**
 * Adding a number, signing it out and pairing it again over the API, so a channel is managed headless:
 * POST /api/v1/channels, then poll GET …/qr (or take the `channel.qr` webhook) and scan it.
 * Each needs a manage key (made by, and still acting for, someone who manages channels); adding one
 * also needs the key to be scoped to all channels. The new channel is open to all users, as the add
 * form's default.
 */

const forbidden = errorAnswer(
  "The key lacks the manage scope, or (for adding) is not scoped to all channels",
);

const requireAllChannels: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (!c.get("api").allChannels)
    return apiError(
      c,
      403,
      "forbidden",
      "Adding a channel needs a key scoped to all channels (Settings → API keys).",
    );
  await next();
};

const CreateChannel = z
  .object({
    phone: z
      .string()
      .max(40)
      .openapi({ description: "The WhatsApp number in international format.", example: "+14155550100" }),
    name: z
      .string()
      .max(60, "Keep the display name under 60 characters.")
      .default("")
      .openapi({ example: "Sales" }),
    country_prefix: z.string().max(8).default("").openapi({
      description: "Calling code added to local numbers this channel sends to, e.g. +44; empty for none.",
      example: "+44",
    }),
  })
  .strict()
  .openapi("CreateChannel");

const createChannelRoute = createRoute({
  method: "post",
  path: "/api/v1/channels",
  tags: ["Channels"],
  security,
  operationId: "createChannel",
  middleware: [requireManageScope(), requireAllChannels] as const,
  summary: "Add a WhatsApp number and start pairing it",
  description:
    "The channel starts in `pending`; its pairing code follows within seconds at GET /api/v1/channels/{id}/qr and in the `channel.qr` webhook. Scan it with WhatsApp → Linked devices. Needs a manage key scoped to all channels.",
  request: { body: { required: true, content: { "application/json": { schema: CreateChannel } } } },
  responses: {
    201: {
      description: "Added, pairing started",
      content: { "application/json": { schema: ChannelSchema } },
    },
    400: errors[400],
    401: errors[401],
    403: forbidden,
    409: errorAnswer("A live channel already uses this number"),
  },
});

/** A session action on one channel the key reaches (reconnect, logout): same checks, same answers. */
type SessionAction = {
  name: "reconnect" | "logout";
  operationId: string;
  summary: string;
  description: string;
  conflict: string;
  refuse: (status: ChannelRow["status"]) => string | null;
};

const SESSION_ACTIONS: SessionAction[] = [
  {
    name: "reconnect",
    operationId: "reconnectChannel",
    summary: "Start pairing a channel again, with a fresh code",
    description:
      "For any channel that is not connected: one signed out or in `error`, or one still `pending` whose code is gone (a restart of Pairbox interrupts pairing, and GET …/qr then answers `qr: null`). A new pairing code follows at GET /api/v1/channels/{id}/qr. Needs a manage key.",
    conflict: "The channel is already connected",
    refuse: (status) =>
      status === "connected" ? "The channel is connected: there is nothing to pair." : null,
  },
  {
    name: "logout",
    operationId: "logoutChannel",
    summary: "Sign a channel out of WhatsApp",
    description:
      "Unlinks the device from the phone: the channel stops sending and receiving and turns `disconnected` (its history stays). Pair it again with POST /api/v1/channels/{id}/reconnect. Needs a manage key.",
    conflict: "The channel is already signed out",
    refuse: (status) => (status === "disconnected" ? "The channel is already signed out." : null),
  },
];

function sessionActionRoute(api: OpenAPIHono<ApiEnv>, a: SessionAction): void {
  const route = createRoute({
    method: "post",
    path: `/api/v1/channels/{id}/${a.name}`,
    tags: ["Channels"],
    security,
    operationId: a.operationId,
    middleware: [requireManageScope()] as const,
    summary: a.summary,
    description: a.description,
    request: { params: idPath },
    responses: {
      202: {
        description: "Done; the channel as it is now",
        content: { "application/json": { schema: ChannelSchema } },
      },
      400: errors[400],
      401: errors[401],
      403: forbidden,
      404: errors[404],
      409: errorAnswer(a.conflict),
      503: errorAnswer("The WhatsApp session did not respond"),
    },
  });
  api.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const deps = c.get("deps");
    const ch = keyReaches(c, id) ? findChannel(deps.db, id) : null;
    if (!ch || ch.deleted_at !== null)
      return notFoundJson(c, "No such channel, or this key has no access to it.");
    const refused = a.refuse(ch.status);
    if (refused) return apiError(c, 409, "conflict", refused);
    const done = await ACTIONS[a.name].run(deps, ch);
    if (!done.ok)
      return apiError(
        c,
        503,
        "session_failed",
        "The WhatsApp session did not respond. The error was logged; try again in a moment.",
      );
    return c.json(channelJson(channelInfo(deps.db, id)!), 202);
  });
}

export function channelAdminRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(createChannelRoute, async (c) => {
    const body = c.req.valid("json");
    const phone = checkChannelPhone(body.phone);
    if (!phone.ok)
      return apiError(c, 400, "invalid_request", `phone: ${phone.error}`, [
        { path: "phone", message: phone.error },
      ]);
    const prefix = checkCountryPrefix(body.country_prefix);
    if (!prefix.ok)
      return apiError(c, 400, "invalid_request", `country_prefix: ${prefix.error}`, [
        { path: "country_prefix", message: prefix.error },
      ]);
    const deps = c.get("deps");
    const added = await addChannel(deps, phone.e164, {
      name: cleanDisplayName(body.name),
      countryPrefix: prefix.prefix,
      access: { all: true },
    });
    if (!added.ok)
      return apiError(c, 409, "duplicate", `Channel ${added.duplicateOf.id} already uses ${phone.e164}.`);
    deps.logger.info({ channelId: added.id, apiKeyId: c.get("api").keyId }, "channel added over the API");
    return c.json(channelJson(channelInfo(deps.db, added.id)!), 201);
  });

  for (const a of SESSION_ACTIONS) sessionActionRoute(api, a);
}
