import { Layout } from "../../ui/layout.tsx";
import { CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { Field, FieldFrame } from "../../ui/components/field.tsx";
import type { TemplateRow } from "../store.ts";
import { PostButton } from "../../ui/components/post-button.tsx";
import { type Column, DataTable } from "../../ui/components/table.tsx";
import { ButtonLink, PageHead } from "../../ui/components/page-head.tsx";

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
  const columns: Column<TemplateRow>[] = [
    {
      label: "Name",
      cell: (t) => (p.canManage ? <a href={`/templates/${t.id}`}>{t.name}</a> : t.name),
    },
    {
      label: "Text",
      class: "pre",
      cell: (t) => (t.body.length > 200 ? `${t.body.slice(0, 200)}…` : t.body),
    },
  ];
  return (
    <Layout title="Templates" nav="templates">
      <PageHead
        title="Message templates"
        actions={p.canManage ? <ButtonLink href="/templates/new">New template</ButtonLink> : null}
      />
      <p class="muted">
        Saved messages for the reply box and New message. Variables such as{" "}
        <code>{"{{ contact.first_name }}"}</code> are filled in for the recipient when a template is picked.
      </p>
      <DataTable
        rows={p.templates}
        empty={
          p.canManage ? (
            <>
              No templates yet. <a href="/templates/new">Write the first one</a>: a greeting, or an answer you
              give often.
            </>
          ) : (
            "No templates yet. People who manage templates add them here."
          )
        }
        columns={columns}
      />
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
          <FieldFrame
            for="f-body"
            label="Text"
            required
            error={p.errors?.body}
            hint={
              <>
                Variables:{" "}
                {VARIABLES.map((v, i) => (
                  <>
                    {i ? ", " : ""}
                    <code>{`{{ ${v} }}`}</code>
                  </>
                ))}
                . Filters: <code>upper</code>, <code>lower</code>, <code>default</code>, <code>date</code>. A
                missing value prints nothing.
              </>
            }
          >
            <textarea id="f-body" name="body" rows={6} required maxlength={20000}>
              {p.body}
            </textarea>
          </FieldFrame>
          <p class="actions">
            <button type="submit">Save</button>
            <a href="/templates">Cancel</a>
          </p>
        </form>
        {p.id ? (
          <PostButton
            action={`/templates/${p.id}/delete`}
            confirm={`Delete the template ${p.name}?`}
            buttonClass="danger small"
          >
            Delete
          </PostButton>
        ) : null}
      </section>
    </Layout>
  );
}
