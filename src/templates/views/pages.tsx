import { Layout } from "../../ui/layout.tsx";
import { CsrfField, Field, FormError, type FieldErrors } from "../../ui/components/form.tsx";
import type { TemplateRow } from "../store.ts";

const VARIABLES = [
  "contact.name",
  "contact.first_name",
  "contact.last_name",
  "contact.phone",
  "contact.email",
  "contact.company",
  "contact.owner.name",
  "user.name",
  "user.email",
  "channel.name",
  "channel.phone",
];

export function TemplatesPage(p: { templates: TemplateRow[]; canManage: boolean }) {
  return (
    <Layout title="Templates" nav="templates">
      <div class="page-head">
        <h1>Message templates</h1>
        {p.canManage ? (
          <a class="button" href="/templates/new">
            New template
          </a>
        ) : null}
      </div>
      <p class="muted">
        Saved messages for the reply box and New message. Variables such as{" "}
        <code>{"{{ contact.first_name }}"}</code> are filled in for the recipient when a template is picked.
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Text</th>
            </tr>
          </thead>
          <tbody>
            {p.templates.length === 0 ? (
              <tr>
                <td colspan={2} class="empty">
                  No templates yet.
                </td>
              </tr>
            ) : null}
            {p.templates.map((t) => (
              <tr>
                <td>{p.canManage ? <a href={`/templates/${t.id}`}>{t.name}</a> : t.name}</td>
                <td class="pre">{t.body.length > 200 ? `${t.body.slice(0, 200)}…` : t.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function TemplateFormPage(p: {
  id?: number;
  name: string;
  body: string;
  errors?: FieldErrors;
  preview?: string | null;
}) {
  return (
    <Layout title={p.id ? "Edit template" : "New template"} nav="templates">
      <h1>{p.id ? `Edit ${p.name}` : "New template"}</h1>
      <FormError message={p.errors?._form} />
      <section class="card">
        <form method="post" action={p.id ? `/templates/${p.id}` : "/templates"}>
          <CsrfField />
          <Field label="Name" name="name" value={p.name} required errors={p.errors} />
          <div class={p.errors?.body ? "field has-error" : "field"}>
            <label for="f-body">
              Text
              <span class="req" aria-hidden="true">
                {" "}
                *
              </span>
            </label>
            <textarea id="f-body" name="body" rows={6} required maxlength={20000}>
              {p.body}
            </textarea>
            <small class="hint">
              Variables:{" "}
              {VARIABLES.map((v, i) => (
                <>
                  {i ? ", " : ""}
                  <code>{`{{ ${v} }}`}</code>
                </>
              ))}
              . Filters: <code>upper</code>, <code>lower</code>, <code>default</code>, <code>date</code>. A
              missing value prints nothing.
            </small>
            {p.errors?.body ? <small class="error">{p.errors.body}</small> : null}
          </div>
          <p class="actions">
            <button type="submit">Save</button>
            <a href="/templates">Cancel</a>
          </p>
        </form>
        {p.id ? (
          <form
            method="post"
            action={`/templates/${p.id}/delete`}
            data-confirm={`Delete the template ${p.name}?`}
          >
            <CsrfField />
            <button type="submit" class="danger small">
              Delete
            </button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}
