import { z } from "zod";
import { hookPolicy, safeFetch } from "../../net/safe-fetch.ts";
import { deliveryHeaders } from "../../webhooks/signing.ts";
import { StepInput } from "../views/step-fields.tsx";
import { workflowWebhookSecret } from "../webhook-secret.ts";
import { defineStep } from "./kind.ts";
import { done, fail, type ActionContext, type StepOutcome } from "./run-context.ts";

const schema = z.object({ kind: z.literal("webhook"), url: z.string().max(2000) });
type WebhookStep = z.infer<typeof schema>;

export const webhookStep = defineStep<typeof schema>({
  kind: "webhook",
  label: "Call a webhook",
  schema,
  fields: ["url"],
  fresh: () => ({ kind: "webhook", url: "" }),
  validate({ v, err }) {
    const url = (v.url ?? "").trim();
    const ok = /^https?:\/\/[^\s]+$/i.test(url) && URL.canParse(url) && url.length <= 2000;
    return ok ? { kind: "webhook", url } : err("url", "Enter an http:// or https:// address.");
  },
  Fields: ({ c }) => (
    <StepInput
      c={c}
      field="url"
      label="URL"
      type="url"
      placeholder="https://example.com/hook"
      hint="POSTs the data bundle as JSON, signed like a webhook with this workflow's secret (on its Run log page); server errors and timeouts are retried."
    />
  ),
  describe: (s) => `POST to ${s.url}`,
  run: (ctx, step) => callWebhook(ctx, step),
});

/**
 * Call a webhook: POST the data bundle as JSON, signed like a webhook delivery with the workflow's
 * own secret, through the one outbound-fetch module (private and loopback addresses are fine, link-local
 * metadata is not). Server errors, 429 and connection failures are retried; 4xx and refused addresses are not.
 */
async function callWebhook(ctx: ActionContext, step: WebhookStep): Promise<StepOutcome> {
  const body = JSON.stringify({
    workflow: { id: ctx.run.workflow_id, name: ctx.workflowName },
    run_id: ctx.run.id,
    data: ctx.data,
  });
  const headers = {
    ...deliveryHeaders({
      secret: workflowWebhookSecret(ctx.db, ctx.run.workflow_id),
      deliveryId: ctx.idempotencyKey,
      eventType: "workflow.webhook",
      body,
      timestampSec: Math.floor(ctx.clock() / 1000),
    }),
    "x-pairbox-idempotency-key": ctx.idempotencyKey,
  };
  const sent = await safeFetch(
    step.url,
    { method: "POST", headers, body, signal: AbortSignal.timeout(ctx.webhookTimeoutMs) },
    hookPolicy(ctx.fetchAllow),
  );
  if (!sent.ok) {
    switch (sent.reason) {
      case "address_not_allowed":
        return fail(`not called: ${sent.detail} (allow it with PAIRBOX_FETCH_ALLOW)`);
      case "invalid_url":
      case "too_many_redirects":
        return fail(`not called: ${sent.detail}`);
      case "timeout":
        return { kind: "retry", error: `no answer within ${ctx.webhookTimeoutMs / 1000} s` };
      case "unreachable":
        return { kind: "retry", error: `could not reach the URL: ${sent.detail}` };
    }
  }
  const res = sent.response;
  await res.body?.cancel().catch(() => {});
  if (res.status >= 200 && res.status < 300) return done(`HTTP ${res.status}`);
  if (res.status >= 500 || res.status === 429) return { kind: "retry", error: `HTTP ${res.status}` };
  return fail(`HTTP ${res.status}`);
}
