import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { MediaStore } from "../messaging/services.ts";
import { findMessage } from "../messaging/store.ts";
import { fileHeaders } from "../inbox/media-routes.ts";
import type { MessageRow } from "../messaging/types.ts";
import { verifyMediaSignature } from "../messaging/media-link.ts";
import { notFoundJson, type ApiEnv } from "./http.ts";
import { errors, idPath } from "./openapi-parts.ts";

/**
 * A message's stored file, always as an attachment with nosniff and a type from the servable list
 * (else octet-stream): a file from a stranger must never render as a page on our origin, nor reach
 * a client under an executable type. Null when there is nothing stored (yet).
 */
export async function mediaResponse(media: MediaStore, m: MessageRow): Promise<Response | null> {
  if (!m.media_sha256 || m.media_status !== "stored") return null;
  const file = Bun.file(media.path(m.media_sha256));
  if (!(await file.exists())) return null;
  return new Response(file.stream(), {
    headers: {
      ...fileHeaders(m.media_mime, m.media_filename || `${m.type}-${m.id}`, false),
      "Content-Length": String(file.size),
      "Cache-Control": "private, max-age=3600",
    },
  });
}

const signedRoute = createRoute({
  method: "get",
  path: "/api/media/{id}",
  tags: ["Messages"],
  operationId: "getSignedMedia",
  summary: "A message's media through a signed, expiring link (as found in webhook payloads)",
  description: "Needs no API key: the link itself is the permission, until `expires`.",
  request: {
    params: idPath,
    query: z.object({
      expires: z.string().regex(/^\d+$/).openapi({ description: "Unix seconds" }),
      sig: z.string().max(100),
    }),
  },
  responses: {
    200: {
      description: "The file",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    400: errors[400],
    404: errors[404],
  },
});

export function signedMediaRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openapi(signedRoute, async (c) => {
    const { db, secret, clock } = c.get("deps");
    const { id } = c.req.valid("param");
    const { expires, sig } = c.req.valid("query");
    // A bad signature, an expired link and a missing file all look the same from outside.
    const m = verifyMediaSignature(secret, id, expires, sig, clock()) ? findMessage(db, id) : null;
    const res = m ? await mediaResponse(c.get("deps").services.media, m) : null;
    return res ?? notFoundJson(c, "This link is invalid or has expired.");
  });
}
