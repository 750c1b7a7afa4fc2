import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { Checkbox, CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field } from "../../ui/components/field.tsx";
import { Time } from "../../ui/components/time.tsx";
import { DataTable, RowAction } from "../../ui/components/table.tsx";
import type { ApiKeyRow } from "../keys-store.ts";
import { ChannelChecks, type ChannelOption } from "../../ui/components/channel-checks.tsx";
import { Notice } from "../../ui/components/notice.tsx";
import { ButtonLink, PageHead } from "../../ui/components/page-head.tsx";

export type ApiKeyListItem = ApiKeyRow & { channelsLabel: string; creatorName: string | null };

const SCOPE_LABELS: Record<string, string> = {
  read: "Read",
  send: "Read and send",
  manage: "Manage channels",
};
export type ApiKeyFormValues = { name: string; scope: string; allChannels: boolean; channelIds: number[] };

function NewKeyForm(p: {
  values: ApiKeyFormValues;
  channels: ChannelOption[];
  offerAllChannels: boolean;
  offerManage: boolean;
  errors?: FieldErrors;
}) {
  const field = bindFields(p.values, p.errors);
  return (
    <form method="post" action="/settings/api-keys">
      <CsrfField />
      <Field
        label="Name"
        {...field("name")}
        required
        placeholder="Order system"
        hint="Who uses it, so you know what breaks when you revoke it."
      />
      <fieldset class={p.errors?.scope ? "has-error" : undefined}>
        <legend>Scope</legend>
        <label class="check">
          <input
            type="radio"
            name="scope"
            value="read"
            checked={p.values.scope !== "send" && p.values.scope !== "manage"}
          />{" "}
          Read: channels, conversations, messages, media, contacts
        </label>
        <label class="check">
          <input type="radio" name="scope" value="send" checked={p.values.scope === "send"} /> Read and send:
          also send messages and create contacts
        </label>
        {p.offerManage ? (
          <label class="check">
            <input type="radio" name="scope" value="manage" checked={p.values.scope === "manage"} /> Manage
            channels: also pairing codes, adding, logging out and reconnecting numbers
          </label>
        ) : null}
        {p.errors?.scope ? <small class="error">{p.errors.scope}</small> : null}
      </fieldset>
      <fieldset class={p.errors?.channelIds ? "has-error" : undefined}>
        <legend>Channels</legend>
        <p class="muted">
          A key acts for you: it reaches only channels you may use, and stops when you are deactivated.
        </p>
        {p.offerAllChannels ? (
          <>
            <Checkbox
              name="allChannels"
              value="1"
              checked={p.values.allChannels}
              label="All channels, including ones added later"
            />
            <p class="muted">Or only these:</p>
          </>
        ) : null}
        <ChannelChecks channels={p.channels} checked={p.values.channelIds} error={p.errors?.channelIds} />
      </fieldset>
      <p class="actions">
        <button type="submit">Create key</button>
      </p>
    </form>
  );
}

export function ApiKeysPage(p: {
  keys: ApiKeyListItem[];
  channels: ChannelOption[];
  offerAllChannels: boolean;
  offerManage: boolean;
  values: ApiKeyFormValues;
  errors?: FieldErrors;
  created?: { name: string; key: string } | null;
  notice?: string;
}) {
  return (
    <SettingsPage title="API keys" active="/settings/api-keys">
      <PageHead
        title="API keys"
        actions={
          <ButtonLink href="/api/docs" secondary>
            API reference
          </ButtonLink>
        }
      />
      {p.created ? (
        <section class="alert alert-ok created-key" role="status">
          <p>
            <strong>Key for {p.created.name} created.</strong> Copy it now: it is stored hashed and will not
            be shown again.
          </p>
          <p>
            <code class="mono secret-value">{p.created.key}</code>
          </p>
          <p class="muted">
            Send it as <code>Authorization: Bearer {p.created.key.slice(0, 8)}…</code> or{" "}
            <code>X-Api-Key</code>.
          </p>
        </section>
      ) : null}
      <Notice message={p.notice} />
      <DataTable
        rows={p.keys}
        empty="No API keys yet. Create one with the form above to use the REST API."
        rowClass={(k) => (k.revoked_at ? "revoked" : undefined)}
        columns={[
          { label: "Name", cell: (k) => k.name },
          { label: "Key", cell: (k) => <code>{k.prefix}…</code> },
          { label: "Scope", cell: (k) => SCOPE_LABELS[k.scope] ?? k.scope },
          { label: "Channels", cell: (k) => k.channelsLabel },
          {
            label: "Created by",
            cell: (k) => k.creatorName ?? <span class="muted">nobody (the key does not work)</span>,
          },
          { label: "Last used", cell: (k) => <Time at={k.last_used_at} /> },
          { label: "Created", cell: (k) => <Time at={k.created_at} /> },
        ]}
        actions={(k) =>
          k.revoked_at ? (
            <span class="badge">Revoked</span>
          ) : (
            <RowAction
              action={`/settings/api-keys/${k.id}/revoke`}
              confirm={`Revoke the key ${k.name}? Anything using it stops working at once.`}
              label="Revoke"
            />
          )
        }
      />
      <section class="card">
        <h2>New key</h2>
        <FormError message={p.errors?._form} />
        <NewKeyForm
          values={p.values}
          channels={p.channels}
          offerAllChannels={p.offerAllChannels}
          offerManage={p.offerManage}
          errors={p.errors}
        />
      </section>
    </SettingsPage>
  );
}
