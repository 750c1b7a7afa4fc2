import { Layout } from "../../ui/layout.tsx";
import { FormError, CsrfField } from "../../ui/components/form.tsx";
import { Time } from "../../ui/components/time.tsx";
import { SigningSecret } from "../../ui/components/signing-secret.tsx";
import type { RunRow, RunStepRow } from "../runs-store.ts";
import type { Workflow } from "../store.ts";
import { describeStep, stepLabel, type Step } from "../steps/index.ts";
import { Notice } from "../../ui/components/notice.tsx";
import { DataTable } from "../../ui/components/table.tsx";
import { JsonBlock } from "../../ui/components/json-block.tsx";

const STATUS_CLASS: Record<string, string> = {
  done: "badge ok",
  failed: "badge danger",
  waiting: "badge warn",
  running: "badge",
  pending: "badge",
  retrying: "badge warn",
  skipped: "badge",
};

export function RunStatus(p: { status: string }) {
  return <span class={STATUS_CLASS[p.status] ?? "badge"}>{p.status}</span>;
}

function triggerSummary(run: RunRow): string {
  try {
    const data = JSON.parse(run.data) as {
      incoming_whatsapp?: { display_name?: string; from_number?: string; text?: string };
    };
    const w = data.incoming_whatsapp ?? {};
    return `${w.display_name || w.from_number || "?"}: ${(w.text ?? "").slice(0, 80)}`;
  } catch {
    return "";
  }
}

export function RunsPage(p: {
  workflow: Workflow;
  runs: (RunRow & { recordName: string })[];
  /** Shown when the workflow has a Call a webhook step. */
  webhookSecret: string | null;
  notice?: string;
}) {
  return (
    <Layout title={`Runs of ${p.workflow.name}`} nav="workflows">
      <div class="page-head">
        <h1>Run log: {p.workflow.name}</h1>
        <a href={`/workflows/${p.workflow.id}`}>Edit workflow</a>
      </div>
      <Notice message={p.notice} />
      <DataTable
        class="wf-runs"
        stackOnPhone
        rows={p.runs}
        empty="No runs yet."
        columns={[
          { label: "Run", cell: (r) => <a href={`/workflows/${p.workflow.id}/runs/${r.id}`}>#{r.id}</a> },
          { label: "Started", cell: (r) => <Time at={r.created_at} /> },
          { label: "Record", cell: (r) => r.recordName },
          { label: "Trigger", class: "wf-trigger-text", cell: (r) => triggerSummary(r) },
          {
            label: "Status",
            cell: (r) => (
              <>
                <RunStatus status={r.status} />
                {r.error ? <div class="error small-note">{r.error}</div> : null}
              </>
            ),
          },
        ]}
      />
      {p.webhookSecret ? (
        <SigningSecret
          secret={p.webhookSecret}
          rotateAction={`/workflows/${p.workflow.id}/webhook-secret`}
          what="from this workflow's Call a webhook steps"
        />
      ) : null}
    </Layout>
  );
}

export function RunPage(p: {
  workflow: Workflow;
  run: RunRow;
  /** The steps the run follows (its own copy, saved when it started or was re-run). */
  planned: Step[];
  steps: RunStepRow[];
  recordName: string;
  recordHref: string | null;
}) {
  const { planned } = p;
  const byIndex = new Map(p.steps.map((s) => [s.step_index, s]));
  return (
    <Layout title={`Run #${p.run.id}`} nav="workflows">
      <div class="page-head">
        <h1>
          Run #{p.run.id} of {p.workflow.name} <RunStatus status={p.run.status} />
        </h1>
        <a href={`/workflows/${p.workflow.id}/runs`}>All runs</a>
      </div>
      <FormError message={p.run.error} />
      {p.run.status === "failed" ? (
        <form method="post" action={`/workflows/${p.workflow.id}/runs/${p.run.id}/rerun`} class="actions">
          <CsrfField />
          <button type="submit">Re-run from the failed step</button>
          <span class="muted">
            Steps that already finished are not repeated; if you fixed the workflow since, the fixed steps
            run.
          </span>
        </form>
      ) : null}
      <section class="card wf-card">
        <h2>Steps</h2>
        <ol class="wf-run-steps">
          {planned.map((s, i) => {
            const st = byIndex.get(i);
            return (
              <li>
                <strong>{stepLabel(s.kind)}</strong> <span class="muted">{describeStep(s)}</span>{" "}
                {st ? <RunStatus status={st.status} /> : <span class="badge">not started</span>}
                {st?.result ? <div>{st.result}</div> : null}
                {st?.error ? <div class="error">{st.error}</div> : null}
                {st?.status === "skipped" ? (
                  <small class="muted">
                    not run
                    {st.finished_at ? (
                      <>
                        {" "}
                        (<Time at={st.finished_at} />)
                      </>
                    ) : null}
                  </small>
                ) : st ? (
                  <small class="muted">
                    started <Time at={st.started_at} empty="—" />
                    {st.finished_at ? (
                      <>
                        , finished <Time at={st.finished_at} />
                      </>
                    ) : null}
                    {st.due_at ? (
                      <>
                        , due <Time at={st.due_at} />
                      </>
                    ) : null}
                    {st.tries > 1 ? `, ${st.tries} tries` : ""}
                  </small>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>
      <section class="card wf-card">
        <h2>Trigger data</h2>
        <p>
          Record: {p.recordHref ? <a href={p.recordHref}>{p.recordName}</a> : p.recordName}
          {p.run.conversation_id ? (
            <>
              {" "}
              · <a href={`/inbox/c/${p.run.conversation_id}`}>Conversation</a>
            </>
          ) : null}{" "}
          · started <Time at={p.run.created_at} />
          {p.run.finished_at ? (
            <>
              , finished <Time at={p.run.finished_at} />
            </>
          ) : null}
        </p>
        <JsonBlock class="wf-data-dump" json={p.run.data} />
      </section>
    </Layout>
  );
}
