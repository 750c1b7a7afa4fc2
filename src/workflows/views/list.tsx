import { Layout } from "../../ui/layout.tsx";
import { DataTable, RowAction } from "../../ui/components/table.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { Workflow } from "../store.ts";
import { describeStep } from "../steps/index.ts";

/** `channels`: what the viewer may know of the workflow's channels, e.g. "All channels" or their names. */
type Item = Workflow & { runs: number; failed: number; channels: string };

export function WorkflowsPage(p: { workflows: Item[]; recordTypes: { value: string; label: string }[] }) {
  return (
    <Layout title="Workflows" nav="workflows">
      <div class="page-head">
        <h1>Workflows</h1>
        <form method="get" action="/workflows/new" class="actions">
          <label for="f-new-type" class="muted">
            For
          </label>
          <select id="f-new-type" name="type">
            {p.recordTypes.map((t) => (
              <option value={t.value}>{t.label}</option>
            ))}
          </select>
          <button type="submit">New workflow</button>
        </form>
      </div>
      <p class="muted">
        A workflow runs when a WhatsApp message arrives for a record of its type and its pattern matches.
      </p>
      {p.workflows.length === 0 ? (
        <p class="empty-state">
          No workflows yet. Pick a record type above and choose <strong>New workflow</strong>, or{" "}
          <a href="/workflows/new?type=contact">start one for contacts</a>.
        </p>
      ) : null}
      {p.recordTypes.map((t) => {
        const list = p.workflows.filter((w) => w.record_type === t.value);
        if (list.length === 0) return null;
        return (
          <section class="wf-group">
            <h2>{t.label}</h2>
            <DataTable
              class="wf-table"
              stackOnPhone
              rows={list}
              columns={[
                { label: "Name", cell: (w) => <WorkflowName w={w} /> },
                { label: "Channels", cell: (w) => w.channels },
                {
                  label: "Message text",
                  cell: (w) =>
                    w.pattern ? <code>{w.pattern}</code> : <span class="muted">every message</span>,
                },
                {
                  label: "Steps",
                  cell: (w) => (
                    <ol class="wf-step-summary">
                      {w.steps.map((s) => (
                        <li>{describeStep(s)}</li>
                      ))}
                    </ol>
                  ),
                },
                { label: "Runs", cell: (w) => <RunCount w={w} /> },
                {
                  label: "On",
                  cell: (w) => (
                    <RowAction
                      action={`/workflows/${w.id}/toggle`}
                      formClass="wf-toggle"
                      buttonClass={w.enabled ? "small" : "secondary small"}
                      ariaLabel={`${w.enabled ? "Turn off" : "Turn on"} ${w.name}`}
                      label={w.enabled ? "On" : "Off"}
                    />
                  ),
                },
              ]}
            />
          </section>
        );
      })}
      {p.workflows.length === 0 ? (
        <p class="card empty">No workflows yet. Choose a record type and press New workflow.</p>
      ) : null}
    </Layout>
  );
}

function WorkflowName({ w }: { w: Item }) {
  return (
    <>
      <a href={`/workflows/${w.id}`}>{w.name}</a>
      {w.last_error ? (
        <small class="error wf-trigger-error">
          Trigger failed <Time at={w.last_error_at} />: {w.last_error}
        </small>
      ) : null}
    </>
  );
}

function RunCount({ w }: { w: Item }) {
  return (
    <>
      <a href={`/workflows/${w.id}/runs`}>
        {w.runs} run{w.runs === 1 ? "" : "s"}
      </a>
      {w.failed ? (
        <>
          {" "}
          · <span class="badge status-error">{w.failed} failed</span>
        </>
      ) : null}
    </>
  );
}
