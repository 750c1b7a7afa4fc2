import { Hono, type Context } from "hono";
import type { AppEnv } from "../web/context.ts";
import { idParam, one, readForm } from "../web/forms.ts";
import { guardSection, currentUser, requirePermission } from "../auth/middleware.ts";
import { accessibleChannelIds } from "../channels/access.ts";
import { getRecordSummary, RECORD_TYPES, recordTypeLabel, type RecordType } from "../records/public.ts";
import { WorkflowEditorPage, WorkflowForm } from "./views/editor.tsx";
import { WorkflowsPage } from "./views/list.tsx";
import { RunPage, RunsPage } from "./views/runs.tsx";
import { PatternPanel } from "./views/pattern-panel.tsx";
import {
  applyOperation,
  draftFromForm,
  draftFromWorkflow,
  draftStep,
  emptyDraft,
  validateDraft,
  type Draft,
  type DraftErrors,
} from "./editor.ts";
import { editorChoices, editorProps, recordTypeOptions, signFiles, storeUploads } from "./editor-context.ts";
import { initialScope, scopeForEditor } from "./editor-scope.ts";
import { previewPattern, recentInbound } from "./recent.ts";
import { scopeDescriber, workflowScope } from "./scope.ts";
import { rerunFailedRun } from "./runner.ts";
import { rotateWorkflowWebhookSecret, workflowWebhookSecret } from "./webhook-secret.ts";
import { newStep, parseSteps } from "./steps/index.ts";
import { findRun, listRuns, runSteps } from "./runs-store.ts";
import {
  deleteWorkflow,
  findWorkflow,
  insertWorkflow,
  listWorkflows,
  setWorkflowEnabled,
  updateWorkflow,
} from "./store.ts";

/** Workflows: list, form editor (htmx re-renders the form for step changes), run log with re-run. */
export function workflowsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  guardSection(app, "/workflows", requirePermission("workflows.manage"));

  app.get("/workflows", (c) => {
    const { db } = c.get("deps");
    const describe = scopeDescriber(db, currentUser(c));
    const workflows = listWorkflows(db).map((w) => ({ ...w, channels: describe(w) }));
    return c.html(<WorkflowsPage workflows={workflows} recordTypes={recordTypeOptions()} />);
  });

  app.get("/workflows/new", (c) => {
    const draft = { ...emptyDraft(c.req.query("type") ?? "contact"), ...initialScope(editorChoices(c)) };
    return c.html(<WorkflowEditorPage {...editorProps(c, draft, {})} />);
  });

  app.get("/workflows/pattern-preview", (c) => {
    const { db } = c.get("deps");
    const pattern = (c.req.query("pattern") ?? "").slice(0, 500);
    return c.html(
      <PatternPanel
        preview={previewPattern(pattern, recentInbound(db, accessibleChannelIds(db, currentUser(c))))}
      />,
    );
  });

  app.post("/workflows", (c) => submit(c, null));

  app.get("/workflows/:id", (c) => {
    const w = workflowOf(c);
    if (!w) return c.notFound();
    const choices = editorChoices(c);
    const draft = draftFromWorkflow(w, scopeForEditor(workflowScope(c.get("deps").db, w), choices));
    signFiles(draft.steps, choices);
    return c.html(
      <WorkflowEditorPage
        {...editorProps(c, draft, {}, w.id)}
        saved={c.req.query("saved") === "1"}
        triggerError={w.last_error ? { message: w.last_error, at: w.last_error_at } : null}
      />,
    );
  });

  app.post("/workflows/:id", (c) => {
    const w = workflowOf(c);
    return w ? submit(c, w.id) : c.notFound();
  });

  app.post("/workflows/:id/toggle", (c) => {
    const w = workflowOf(c);
    if (!w) return c.notFound();
    setWorkflowEnabled(c.get("deps").db, w.id, w.enabled !== 1, c.get("deps").clock());
    return c.redirect("/workflows", 303);
  });

  app.post("/workflows/:id/delete", (c) => {
    const w = workflowOf(c);
    if (!w) return c.notFound();
    deleteWorkflow(c.get("deps").db, w.id);
    return c.redirect("/workflows", 303);
  });

  app.get("/workflows/:id/runs", (c) => {
    const w = workflowOf(c);
    if (!w) return c.notFound();
    const { db } = c.get("deps");
    const visible = runVisibleTo(c);
    const runs = listRuns(db, w.id)
      .filter(visible)
      .map((r) => ({ ...r, recordName: recordName(c, r.record_type, r.record_id).name }));
    const signs = w.steps.some((s) => s.kind === "webhook");
    return c.html(
      <RunsPage
        workflow={w}
        runs={runs}
        webhookSecret={signs ? workflowWebhookSecret(db, w.id) : null}
        notice={c.req.query("rotated") ? "New secret set. Update your receiver." : undefined}
      />,
    );
  });

  app.post("/workflows/:id/webhook-secret", (c) => {
    const w = workflowOf(c);
    if (!w) return c.notFound();
    rotateWorkflowWebhookSecret(c.get("deps").db, w.id);
    return c.redirect(`/workflows/${w.id}/runs?rotated=1`, 303);
  });

  app.get("/workflows/:id/runs/:runId", (c) => {
    const w = workflowOf(c);
    const run = w ? runOf(c, w.id) : null;
    if (!w || !run) return c.notFound();
    const record = recordName(c, run.record_type, run.record_id);
    return c.html(
      <RunPage
        workflow={w}
        run={run}
        planned={parseSteps(run.steps)}
        steps={runSteps(c.get("deps").db, run.id)}
        recordName={record.name}
        recordHref={record.href}
      />,
    );
  });

  app.post("/workflows/:id/runs/:runId/rerun", (c) => {
    const w = workflowOf(c);
    const run = w ? runOf(c, w.id) : null;
    if (!w || !run) return c.notFound();
    const { db, clock, services } = c.get("deps");
    if (!rerunFailedRun(db, run.id, clock())) return c.text("Only a failed run can be re-run.", 409);
    services.jobs.poke();
    return c.redirect(`/workflows/${w.id}/runs/${run.id}`, 303);
  });

  return app;
}

function workflowOf(c: Context<AppEnv>) {
  const id = idParam(c.req.param("id"));
  return id ? findWorkflow(c.get("deps").db, id) : null;
}

/**
 * A run carries the message that triggered it: only people who may use that channel see it
 * (managing workflows is not a key to every channel's conversations).
 */
function runVisibleTo(c: Context<AppEnv>): (run: { channel_id: number | null }) => boolean {
  const channels = new Set(accessibleChannelIds(c.get("deps").db, currentUser(c)));
  return (run) => run.channel_id === null || channels.has(run.channel_id);
}

function runOf(c: Context<AppEnv>, workflowId: number) {
  const id = idParam(c.req.param("runId"));
  const run = id ? findRun(c.get("deps").db, id) : null;
  return run && run.workflow_id === workflowId && runVisibleTo(c)(run) ? run : null;
}

function recordName(c: Context<AppEnv>, type: string, id: number): { name: string; href: string | null } {
  const label = (RECORD_TYPES as readonly string[]).includes(type)
    ? recordTypeLabel(type as RecordType)
    : type;
  const summary = (RECORD_TYPES as readonly string[]).includes(type)
    ? getRecordSummary(c.get("deps").db, { type: type as RecordType, id })
    : null;
  return summary
    ? { name: `${label}: ${summary.name}`, href: summary.href }
    : { name: `${label} #${id} (deleted)`, href: null };
}

/**
 * One POST serves the editor: with `op` it changes the draft (add, remove, move a step, or just
 * refresh after the record type changed) and shows the form again; without, it validates and saves.
 */
async function submit(c: Context<AppEnv>, id: number | null): Promise<Response> {
  const { db, clock } = c.get("deps");
  const body = await readForm(c);
  const choices = editorChoices(c);
  let draft: Draft = draftFromForm(body);
  const errors: DraftErrors = {};
  await storeUploads(c, body, draft, choices, errors);
  const op = one(body, "op");
  const htmx = c.req.header("hx-request") === "true";
  const show = (d: Draft, e: DraftErrors, status: 200 | 422) => {
    const props = editorProps(c, d, e, id ?? undefined);
    return c.html(htmx ? <WorkflowForm {...props} /> : <WorkflowEditorPage {...props} />, status);
  };
  if (op) {
    draft = applyOperation(draft, op, one(body, "add_kind"), (kind) => draftStep(newStep(kind)));
    return show(draft, errors, 200);
  }
  const result = validateDraft(draft, choices);
  if (!result.ok || Object.values(errors).some(Boolean))
    return show(draft, { ...errors, ...(result.ok ? {} : result.errors) }, 422);
  // Saved with who saved it: from now on the workflow acts with that person's channel access.
  const input = { ...result.input, editedBy: currentUser(c).id };
  let savedId = id;
  if (savedId === null) savedId = insertWorkflow(db, input, clock());
  else updateWorkflow(db, savedId, input, clock());
  const to = `/workflows/${savedId}?saved=1`;
  if (htmx) {
    c.header("HX-Redirect", to);
    return c.body(null, 200);
  }
  return c.redirect(to, 303);
}
