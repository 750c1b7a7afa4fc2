import { hx } from "../../ui/htmx.ts";
import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { DeliveryView } from "../store.ts";
import { Notice } from "../../ui/components/notice.tsx";
import { DataTable } from "../../ui/components/table.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";
import { JsonBlock } from "../../ui/components/json-block.tsx";

function StatusBadge(p: { d: DeliveryView }) {
  if (p.d.status === "succeeded") return <span class="badge ok">Delivered</span>;
  if (p.d.status === "failed") return <span class="badge danger">Failed</span>;
  return <span class="badge warn">{p.d.attempts === 0 ? "Queued" : "Retrying"}</span>;
}

function ResendButton(p: { endpointId: number; d: DeliveryView; fromLog?: boolean }) {
  if (p.d.status === "pending") return null;
  return (
    <PostButton
      action={`/settings/webhooks/${p.endpointId}/deliveries/${p.d.id}/resend${p.fromLog ? "?from=log" : ""}`}
      buttonClass="secondary small"
    >
      Resend
    </PostButton>
  );
}

export type DeliveryLogProps = {
  endpointId: number;
  deliveries: DeliveryView[];
  more: string | null;
  /** How long finished deliveries stay in the log (PAIRBOX_JOB_RETENTION_DAYS). */
  keptDays: number;
};

/**
 * The delivery log. While something is queued or retrying it refreshes itself every few seconds,
 * so a test event or a resend shows its result without a reload.
 */
export function DeliveryLog(p: DeliveryLogProps) {
  const busy = p.deliveries.some((d) => d.status === "pending");
  const poll = busy
    ? hx({ get: `/settings/webhooks/${p.endpointId}/log`, trigger: "every 3s", swap: "outerHTML" })
    : {};
  return (
    <section class="card" id="delivery-log" {...poll}>
      <h2>Delivery log</h2>
      <p class="muted">
        Finished deliveries are kept for {p.keptDays} {p.keptDays === 1 ? "day" : "days"}; queued and retrying
        ones until they finish.
      </p>
      <DataTable
        rows={p.deliveries}
        empty="Nothing delivered yet. Send a test event to try the endpoint."
        columns={[
          {
            label: "Event",
            cell: (d) => (
              <a href={`/settings/webhooks/${p.endpointId}/deliveries/${d.id}`}>
                <code>{d.event_type}</code>
              </a>
            ),
          },
          {
            label: "Status",
            cell: (d) => (
              <>
                <StatusBadge d={d} />
                {d.last_error && d.status !== "succeeded" ? (
                  <div class="muted small-note">{d.last_error}</div>
                ) : null}
              </>
            ),
          },
          { label: "Tries", cell: (d) => d.attempts },
          { label: "Response", cell: (d) => d.response_status ?? <span class="muted">none</span> },
          { label: "Time", cell: (d) => (d.response_ms === null ? "" : `${d.response_ms} ms`) },
          { label: "Queued", cell: (d) => <Time at={d.created_at} /> },
        ]}
        actions={(d) => <ResendButton endpointId={p.endpointId} d={d} fromLog />}
      />
      {p.more ? (
        <p>
          <a href={p.more}>Older deliveries</a>
        </p>
      ) : null}
    </section>
  );
}

export function DeliveryPage(p: {
  endpointId: number;
  endpointName: string;
  d: DeliveryView;
  notice?: string;
}) {
  const d = p.d;
  return (
    <SettingsPage title="Webhook delivery" active="/settings/webhooks">
      <p>
        <a href={`/settings/webhooks/${p.endpointId}`}>← {p.endpointName}</a>
      </p>
      <div class="page-head">
        <h1>
          <code>{d.event_type}</code> delivery
        </h1>
        <ResendButton endpointId={p.endpointId} d={d} />
      </div>
      <Notice message={p.notice} />
      <section class="card">
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge d={d} />
          </dd>
          <dt>Delivery id</dt>
          <dd>
            <code>{d.public_id}</code>
          </dd>
          <dt>Event id</dt>
          <dd>
            <code>{d.event_public_id}</code>
          </dd>
          <dt>Tries</dt>
          <dd>{d.attempts}</dd>
          <dt>Last try</dt>
          <dd>
            <Time at={d.last_attempt_at} />
          </dd>
          <dt>Response</dt>
          <dd>
            {d.response_status ?? "none"}
            {d.response_ms === null ? "" : ` in ${d.response_ms} ms`}
          </dd>
          {d.last_error ? (
            <>
              <dt>Error</dt>
              <dd>{d.last_error}</dd>
            </>
          ) : null}
        </dl>
        <h2>Request body</h2>
        <JsonBlock class="code-block" json={d.body} />
        <h2>Response body</h2>
        {d.response_body ? <pre class="code-block">{d.response_body}</pre> : <p class="muted">None.</p>}
      </section>
    </SettingsPage>
  );
}
