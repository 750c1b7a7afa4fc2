import { Layout } from "../../ui/layout.tsx";
import { CsrfField } from "../../ui/components/form.tsx";
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
      {p.recordTypes.map((t) => {
        const list = p.workflows.filter((w) => w.record_type === t.value);
        if (list.length === 0) return null;
        return (
          <section class="wf-group">
            <h2>{t.label}</h2>
            <div class="table-wrap">
              <table class="wf-table stack-on-phone">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Channels</th>
                    <th>Message text</th>
                    <th>Steps</th>
                    <th>Runs</th>
                    <th>On</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((w) => (
                    <tr>
                      <td data-label="Name">
                        <a href={`/workflows/${w.id}`}>{w.name}</a>
                        {w.last_error ? (
                          <small class="error wf-trigger-error">
                            Trigger failed <Time at={w.last_error_at} />: {w.last_error}
                          </small>
                        ) : null}
                      </td>
                      <td data-label="Channels">{w.channels}</td>
                      <td data-label="Message text">
                        {w.pattern ? <code>{w.pattern}</code> : <span class="muted">every message</span>}
                      </td>
                      <td data-label="Steps">
                        <ol class="wf-step-summary">
                          {w.steps.map((s) => (
                            <li>{describeStep(s)}</li>
                          ))}
                        </ol>
                      </td>
                      <td data-label="Runs">
                        <a href={`/workflows/${w.id}/runs`}>
                          {w.runs} run{w.runs === 1 ? "" : "s"}
                        </a>
                        {w.failed ? (
                          <>
                            {" "}
                            · <span class="badge status-error">{w.failed} failed</span>
                          </>
                        ) : null}
                      </td>
                      <td data-label="On">
                        <form method="post" action={`/workflows/${w.id}/toggle`} class="wf-toggle">
                          <CsrfField />
                          <button
                            type="submit"
                            class={w.enabled ? "small" : "secondary small"}
                            aria-label={`${w.enabled ? "Turn off" : "Turn on"} ${w.name}`}
                          >
                            {w.enabled ? "On" : "Off"}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {p.workflows.length === 0 ? (
        <p class="card empty">No workflows yet. Choose a record type and press New workflow.</p>
      ) : null}
    </Layout>
  );
}
