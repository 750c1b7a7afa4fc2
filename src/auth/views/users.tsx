import type { Child } from "hono/jsx";
import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { Checkbox, Checks, CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field, NewPasswordField } from "../../ui/components/field.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { UserListItem } from "../users-store.ts";
import type { GroupRow, PermissionSetRow } from "../teams-store.ts";
import { Notice } from "../../ui/components/notice.tsx";
import { DataTable } from "../../ui/components/table.tsx";
import { ButtonLink, PageHead } from "../../ui/components/page-head.tsx";

export function UsersPage(p: { users: UserListItem[]; notice?: string }) {
  return (
    <SettingsPage title="Users" active="/settings/users">
      <PageHead title="Users" actions={<ButtonLink href="/settings/users/new">Add user</ButtonLink>} />
      <Notice message={p.notice} />
      <DataTable
        stackOnPhone
        rows={p.users}
        columns={[
          { label: "Name", stackLabel: false, cell: (u) => <a href={`/settings/users/${u.id}`}>{u.name}</a> },
          { label: "Email", cell: (u) => u.email },
          { label: "Permission sets", cell: (u) => u.sets || <span class="muted">none</span> },
          { label: "Groups", cell: (u) => u.groups || <span class="muted">none</span> },
          {
            label: "Status",
            cell: (u) =>
              u.active ? <span class="badge ok">Active</span> : <span class="badge">Inactive</span>,
          },
          { label: "Added", cell: (u) => <Time at={u.created_at} /> },
        ]}
      />
    </SettingsPage>
  );
}

export type UserFormValues = {
  name: string;
  email: string;
  active: boolean;
  permissionSetIds: number[];
  groupIds: number[];
};

export function UserFormPage(p: {
  userId?: number;
  values: UserFormValues;
  sets: PermissionSetRow[];
  groups: GroupRow[];
  errors?: FieldErrors;
  notice?: string;
  /** More settings with forms of their own, below the password (assignment). */
  extra?: Child;
}) {
  const editing = p.userId !== undefined;
  const field = bindFields(p.values, p.errors);
  return (
    <SettingsPage title={editing ? "Edit user" : "Add user"} active="/settings/users">
      <h1>{editing ? `Edit ${p.values.name}` : "Add user"}</h1>
      <Notice message={p.notice} />
      <FormError message={p.errors?._form} />
      <section class="card">
        <form method="post" action={editing ? `/settings/users/${p.userId}` : "/settings/users"}>
          <CsrfField />
          <div class="grid-2">
            <Field label="Name" {...field("name")} required />
            <Field label="Email" {...field("email")} type="email" required />
          </div>
          {editing ? null : (
            <NewPasswordField
              label="Password"
              errors={p.errors}
              hint="At least 10 characters. Share it with the person; they can sign in at once."
            />
          )}
          <fieldset>
            <legend>Permission sets</legend>
            <Checks
              name="permissionSetIds"
              options={p.sets.map((s) => ({ value: s.id, label: s.name }))}
              checked={p.values.permissionSetIds}
            />
          </fieldset>
          <fieldset>
            <legend>User groups</legend>
            {p.groups.length === 0 ? (
              <p class="muted">
                No groups yet. <a href="/settings/groups">Create one</a>.
              </p>
            ) : null}
            <Checks
              name="groupIds"
              options={p.groups.map((g) => ({ value: g.id, label: g.name }))}
              checked={p.values.groupIds}
            />
          </fieldset>
          <Checkbox name="active" value="1" label="Active (may sign in)" checked={p.values.active} />
          <p class="actions">
            <button type="submit">{editing ? "Save" : "Add user"}</button>
            <a href="/settings/users">Cancel</a>
          </p>
        </form>
      </section>
      {editing ? (
        <section class="card">
          <h2>Reset password</h2>
          <form method="post" action={`/settings/users/${p.userId}/password`}>
            <CsrfField />
            <NewPasswordField
              label="New password"
              errors={p.errors}
              hint="Signs the person out everywhere."
            />
            <button type="submit" class="secondary">
              Set password
            </button>
          </form>
        </section>
      ) : null}
      {p.extra}
    </SettingsPage>
  );
}
