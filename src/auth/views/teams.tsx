import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { Checkbox, CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field } from "../../ui/components/field.tsx";
import { PERMISSIONS, permissionNames, type Permission } from "../principal.ts";
import type { GroupRow, PermissionSetRow } from "../teams-store.ts";
import { DataTable, RowAction } from "../../ui/components/table.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";

export function RolesPage(p: {
  sets: PermissionSetRow[];
  errors?: FieldErrors;
  values?: { name: string; permissions: Permission[] };
}) {
  return (
    <SettingsPage title="Permission sets" active="/settings/roles">
      <h1>Permission sets</h1>
      <p class="muted">
        A permission set (role) grants named permissions. Administrator and Agent are built in; their
        permissions can be changed, but they cannot be deleted.
      </p>
      {p.sets.map((s) => {
        const granted = JSON.parse(s.permissions) as string[];
        return (
          <section class="card" id={`set-${s.id}`}>
            <form method="post" action={`/settings/roles/${s.id}`}>
              <CsrfField />
              <div class="page-head">
                <h2>
                  {s.name}{" "}
                  <span class="badge">
                    {s.members} {s.members === 1 ? "member" : "members"}
                  </span>
                </h2>
              </div>
              {s.builtin ? (
                <input type="hidden" name="name" value={s.name} />
              ) : (
                <Field label="Name" name="name" value={s.name} required />
              )}
              <PermissionChecks granted={granted} />
              <p class="actions">
                <button type="submit" class="secondary">
                  Save {s.name}
                </button>
              </p>
            </form>
            {s.builtin ? null : (
              <PostButton
                action={`/settings/roles/${s.id}/delete`}
                confirm={`Delete the permission set ${s.name}?`}
                buttonClass="danger small"
              >
                Delete
              </PostButton>
            )}
          </section>
        );
      })}
      <section class="card">
        <h2>New permission set</h2>
        <FormError message={p.errors?._form} />
        <form method="post" action="/settings/roles">
          <CsrfField />
          <Field label="Name" name="name" value={p.values?.name} required errors={p.errors} />
          <PermissionChecks granted={p.values?.permissions ?? []} />
          <p class="actions">
            <button type="submit">Create permission set</button>
          </p>
        </form>
      </section>
    </SettingsPage>
  );
}

export function GroupsPage(p: { groups: GroupRow[]; errors?: FieldErrors; name?: string }) {
  const field = bindFields(p, p.errors);
  return (
    <SettingsPage title="User groups" active="/settings/groups">
      <h1>User groups</h1>
      <p class="muted">Groups are teams such as Sales or Support. Channel access lists can name them.</p>
      <section class="card">
        <form method="post" action="/settings/groups" class="inline-form">
          <CsrfField />
          <Field label="New group" {...field("name")} required placeholder="e.g. Sales" />
          <button type="submit">Create group</button>
        </form>
      </section>
      <DataTable
        stackOnPhone
        rows={p.groups}
        empty="No groups yet."
        columns={[
          { label: "Group", stackLabel: false, cell: (g) => <RenameGroup group={g} /> },
          { label: "Members", cell: (g) => g.members },
        ]}
        actions={(g) => (
          <RowAction
            action={`/settings/groups/${g.id}/delete`}
            confirm={`Delete the group ${g.name}?`}
            label="Delete"
          />
        )}
      />
    </SettingsPage>
  );
}

function RenameGroup({ group: g }: { group: GroupRow }) {
  return (
    <form method="post" action={`/settings/groups/${g.id}`} class="actions">
      <CsrfField />
      <input
        type="text"
        name="name"
        value={g.name}
        aria-label={`Name of ${g.name}`}
        required
        maxlength={100}
      />
      <button type="submit" class="secondary small">
        Rename
      </button>
    </form>
  );
}

/** A tick per permission, each titled with what it allows. */
function PermissionChecks(p: { granted: readonly string[] }) {
  return (
    <div class="checks">
      {permissionNames.map((perm) => (
        <Checkbox
          name="permissions"
          value={perm}
          checked={p.granted.includes(perm)}
          label={
            <span title={PERMISSIONS[perm]}>
              <code>{perm}</code>
            </span>
          }
        />
      ))}
    </div>
  );
}
