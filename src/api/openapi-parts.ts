import { createRoute, z } from "@hono/zod-openapi";
import { ErrorSchema } from "../messaging/public-schemas.ts";

/** Pieces every REST route's OpenAPI description shares. */

export const idPath = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "id", in: "path" }, example: 1 }),
});

/** An error answer: the one error body, described by what it means on this route. */
export function errorAnswer(description: string) {
  return { description, content: { "application/json": { schema: ErrorSchema } } };
}

export const errors = {
  400: errorAnswer("Invalid input"),
  401: errorAnswer("Missing, unknown or revoked API key"),
  404: errorAnswer("No such resource, or not reachable with this key"),
} as const;

/** What a route on one resource by id may answer besides its own: a bad id, no key, not found. */
export const byIdErrors = { 400: errors[400], 401: errors[401], 404: errors[404] };

export const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/**
 * `GET /api/v1/<noun>s/{id}`: one resource by its id, or one of the by-id errors. The noun names the
 * rest as every such route does: tag "Channels", operation "getChannel", answer "The channel".
 */
export function getByIdRoute<Noun extends string, S extends z.ZodType>(
  noun: Noun,
  schema: S,
  summary: string,
) {
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  return createRoute({
    method: "get",
    path: `/api/v1/${noun}s/{id}` as `/api/v1/${Noun}s/{id}`,
    tags: [`${title}s`],
    security,
    operationId: `get${title}`,
    summary,
    request: { params: idPath },
    responses: {
      200: { description: `The ${noun}`, content: { "application/json": { schema } } },
      ...byIdErrors,
    },
  });
}
