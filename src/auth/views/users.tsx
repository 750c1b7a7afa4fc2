import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { Checkbox, CsrfField, Field, FormError, type FieldErrors } from "../../ui/components/form.tsx";
import { Time } from "../../ui/components/time.tsx";
import type { UserListItem } from "../users-store.ts";
import type { GroupRow, PermissionSetRow } from "../teams-store.ts";
import { Notice } from "../../ui/components/notice.tsx";
import { DataTable } from "../../ui/components/table.tsx";

export function UsersPage(p: { users: UserListItem[]; notice?: string }) {
  return (
    <SettingsPage title="Users" active="/settings/users">
      <div class="page-head">
        <h1>Users</h1>
        <a class="button" href="/settings/users/new">
          Add user
        </a>
      </div>
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
}) {
  const editing = p.userId !== undefined;
  return (
    <SettingsPage title={editing ? "Edit user" : "Add user"} active="/settings/users">
      <h1>{editing ? `Edit ${p.values.name}` : "Add user"}</h1>
      <Notice message={p.notice} />
      <FormError message={p.errors?._form} />
      <section class="card">
        <form method="post" action={editing ? `/settings/users/${p.userId}` : "/settings/users"}>
          <CsrfField />
          <div class="grid-2">
            <Field label="Name" name="name" value={p.values.name} required errors={p.errors} />
            <Field
              label="Email"
              name="email"
              type="email"
              value={p.values.email}
              required
              errors={p.errors}
            />
          </div>
          {editing ? null : (
            <Field
              label="Password"
              name="password"
              type="password"
              required
              errors={p.errors}
              autocomplete="new-password"
              hint="At least 10 characters. Share it with the person; they can sign in at once."
            />
          )}
          <fieldset>
            <legend>Permission sets</legend>
            <div class="checks">
              {p.sets.map((s) => (
                <Checkbox
                  name="permissionSetIds"
                  value={String(s.id)}
                  label={s.name}
                  checked={p.values.permissionSetIds.includes(s.id)}
                />
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>User groups</legend>
            {p.groups.length === 0 ? (
              <p class="muted">
                No groups yet. <a href="/settings/groups">Create one</a>.
              </p>
            ) : null}
            <div class="checks">
              {p.groups.map((g) => (
                <Checkbox
                  name="groupIds"
                  value={String(g.id)}
                  label={g.name}
                  checked={p.values.groupIds.includes(g.id)}
                />
              ))}
            </div>
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
            <Field
              label="New password"
              name="password"
              type="password"
              required
              errors={p.errors}
              autocomplete="new-password"
              hint="Signs the person out everywhere."
            />
            <button type="submit" class="secondary">
              Set password
            </button>
          </form>
        </section>
      ) : null}
    </SettingsPage>
  );
}
