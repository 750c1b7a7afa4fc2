import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { EVENT_DATA, eventSchema } from "../webhooks/schemas.ts";

const SIGNATURE_HELP = `Every request carries:
- \`X-Pairbox-Signature: sha256=<hex>\`: HMAC-SHA256 of \`<X-Pairbox-Timestamp>.<raw body>\`, keyed with the endpoint's whole secret as shown on its page (\`whsec_\` included);
- \`X-Pairbox-Timestamp\`: Unix seconds when this attempt was signed (refuse old ones to stop replays);
- \`X-Pairbox-Delivery\`: the delivery id, the same on every retry (de-duplicate on it);
- \`X-Pairbox-Event\`: the event type.

Answer 2xx to accept. Timeouts (10 s), connection errors, 408, 429 and 5xx are retried with exponential back-off (10 tries over about half a day); any other status stops the retries. Events of one conversation arrive in order.`;

/** Documents each webhook event in the OpenAPI 3.1 `webhooks` section, from the same schemas the payloads follow. */
export function registerWebhookDocs(registry: OpenAPIHono["openAPIRegistry"]): void {
  for (const type of Object.keys(EVENT_DATA) as (keyof typeof EVENT_DATA)[]) {
    registry.registerWebhook({
      method: "post",
      path: type,
      operationId: `webhook_${type.replace(/\./g, "_")}`,
      summary: `The ${type} event`,
      description: SIGNATURE_HELP,
      tags: ["Webhooks"],
      request: {
        headers: z.object({
          "x-pairbox-signature": z.string().openapi({ example: "sha256=5d41402abc4b2a76b9719d911017c592…" }),
          "x-pairbox-timestamp": z.string().openapi({ example: "1768467600" }),
          "x-pairbox-delivery": z.string().openapi({ example: "dlv_Q2x…" }),
          "x-pairbox-event": z.literal(type),
        }),
        body: {
          content: {
            "application/json": { schema: eventSchema(type).openapi(`Event_${type.replace(/\./g, "_")}`) },
          },
        },
      },
      responses: { 200: { description: "Accepted (any 2xx)" } },
    });
  }
}
