import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { renderQrPng, renderQrSvg } from "../channels/qr.ts";
import { iso } from "../messaging/public-json.ts";
import { channelJson } from "../channels/public-json.ts";
import { channelInfo, channelInfos } from "../channels/store.ts";
import { ChannelQrSchema, ChannelSchema } from "../messaging/public-schemas.ts";
import { apiError, keyReaches, notFoundJson, requireManageScope, type ApiEnv } from "./http.ts";
import { errorAnswer, errors, idPath, security, getByIdRoute } from "./openapi-parts.ts";

const listChannels = createRoute({
  method: "get",
  path: "/api/v1/channels",
  tags: ["Channels"],
  security,
  operationId: "listChannels",
  summary: "List the channels this key reaches, with their status",
  responses: {
    200: {
      description: "Channels",
      content: { "application/json": { schema: z.object({ data: z.array(ChannelSchema) }) } },
    },
    401: errors[401],
  },
});

const getQr = createRoute({
  method: "get",
  path: "/api/v1/channels/{id}/qr",
  tags: ["Channels"],
  security,
  operationId: "getChannelQr",
  middleware: [requireManageScope()] as const,
  summary: "The pairing QR code of a channel waiting to be paired",
  description:
    "Scan it with WhatsApp → Settings → Linked devices → Link a device. The code rotates about every 20 seconds: poll this, or subscribe to the `channel.qr` webhook. `format=json` (default) gives the raw string to render yourself; `svg` and `png` give an image. Whoever scans it links their phone to the channel, so it needs a manage key. Answers 409 when the channel is not waiting for a scan. A pending channel with `qr: null` has no code yet (it follows within seconds) or lost it to a restart of Pairbox: POST /api/v1/channels/{id}/reconnect asks for a fresh one.",
  request: { params: idPath, query: z.object({ format: z.enum(["json", "svg", "png"]).default("json") }) },
  responses: {
    200: {
      description: "The current pairing code",
      content: {
        "application/json": { schema: ChannelQrSchema },
        "image/svg+xml": { schema: z.string() },
        "image/png": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    400: errors[400],
    401: errors[401],
    403: errorAnswer("The key lacks the manage scope"),
    404: errors[404],
    409: errorAnswer("No pairing code right now (already connected, or not started)"),
  },
});

export function channelRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(listChannels, (c) => {
    const { channels } = c.get("api");
    return c.json({ data: channelInfos(c.get("deps").db, channels).map(channelJson) }, 200);
  });

  api.openapi(getByIdRoute("channel", ChannelSchema, "One channel and its status"), (c) => {
    const { id } = c.req.valid("param");
    const ch = keyReaches(c, id) ? channelInfo(c.get("deps").db, id) : null;
    if (!ch) return notFoundJson(c, "No such channel, or this key has no access to it.");
    return c.json(channelJson(ch), 200);
  });

  api.openapi(getQr, async (c) => {
    const { id } = c.req.valid("param");
    const { format } = c.req.valid("query");
    const ch = keyReaches(c, id) ? channelInfo(c.get("deps").db, id) : null;
    if (!ch) return notFoundJson(c, "No such channel, or this key has no access to it.");
    if (format === "json")
      return c.json(
        {
          channel_id: ch.id,
          status: ch.status,
          qr: ch.status === "pending" ? ch.qr : null,
          updated_at: iso(ch.qr_at),
        },
        200,
      );
    if (ch.status !== "pending" || !ch.qr)
      return apiError(c, 409, "no_qr", `The channel is ${ch.status} and has no pairing code right now.`);
    c.header("Cache-Control", "no-store");
    if (format === "svg") return c.body(await renderQrSvg(ch.qr), 200, { "Content-Type": "image/svg+xml" });
    const png = await renderQrPng(ch.qr);
    return c.body(new Uint8Array(png), 200, { "Content-Type": "image/png" });
  });
}
