import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { Checkbox, CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { bindFields, Field } from "../../ui/components/field.tsx";
import { SigningSecret } from "../../ui/components/signing-secret.tsx";
import { Time } from "../../ui/components/time.tsx";
import { WEBHOOK_EVENTS, type Endpoint } from "../store.ts";
import { DeliveryLog, type DeliveryLogProps } from "./deliveries.tsx";
import { Notice } from "../../ui/components/notice.tsx";
import { type Column, DataTable } from "../../ui/components/table.tsx";
import { ChannelChecks, type ChannelOption } from "../../ui/components/channel-checks.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";
import { ButtonLink, PageHead } from "../../ui/components/page-head.tsx";

const EVENT_HELP: Record<string, string> = {
  "message.inbound": "A customer wrote to one of your numbers",
  "message.outbound": "A message was sent, from Pairbox, the API or the phone",
  "message.status": "An outbound message was sent, delivered, read, or failed",
  "channel.status": "A number connected, disconnected or hit an error",
  "channel.qr": "A new pairing QR code (for headless pairing)",
  "record.linked": "A conversation was linked to a customer record",
  "conversation.status": "A conversation was opened, set pending, resolved or snoozed",
  "poll.vote": "Someone voted in a poll (or changed or withdrew their vote)",
  "message.reaction": "Someone reacted to a message, or took their reaction back",
  "message.edited": "A message was edited by its author",
  "message.deleted": "A message was deleted for everyone by its author",
  "call.received": "A customer called one of your numbers (voice or video)",
  "conversation.note": "A private note was added to a conversation",
  "conversation.labels": "Labels were added to or removed from a conversation",
  "conversation.assigned": "A conversation was assigned to a person or a team (or unassigned)",
};

export function WebhooksPage(p: { endpoints: Endpoint[]; channels: ChannelOption[]; notice?: string }) {
  const channelName = new Map(p.channels.map((c) => [c.id, c.name || c.phone]));
  const columns: Column<Endpoint>[] = [
    {
      label: "Endpoint",
      cell: (e) => (
        <>
          <a href={`/settings/webhooks/${e.id}`}>{e.name || e.url}</a>
          {e.name ? <div class="muted mono">{e.url}</div> : null}
        </>
      ),
    },
    { label: "Events", cell: (e) => e.events.join(", ") || <span class="muted">none</span> },
    {
      label: "Channels",
      cell: (e) =>
        e.channelIds.length === 0
          ? "All"
          : e.channelIds.map((id) => channelName.get(id) ?? `#${id}`).join(", "),
    },
    {
      label: "Status",
      cell: (e) => (e.active ? <span class="badge ok">Active</span> : <span class="badge">Paused</span>),
    },
  ];
  return (
    <SettingsPage title="Webhooks" active="/settings/webhooks">
      <PageHead
        title="Webhooks"
        actions={<ButtonLink href="/settings/webhooks/new">Add endpoint</ButtonLink>}
      />
      <Notice message={p.notice} />
      <p class="muted">
        Pairbox POSTs signed JSON events to these URLs, retrying for about half a day when they are down. Each
        endpoint keeps a delivery log.
      </p>
      <DataTable
        rows={p.endpoints}
        empty={
          <>
            No endpoints yet. <a href="/settings/webhooks/new">Add an endpoint</a> to send events to another
            system.
          </>
        }
        columns={columns}
      />
    </SettingsPage>
  );
}

export type EndpointFormValues = {
  name: string;
  url: string;
  events: string[];
  channelIds: number[];
  active: boolean;
};

function EndpointForm(p: {
  action: string;
  values: EndpointFormValues;
  channels: ChannelOption[];
  /** Whether "every channel" (nothing ticked) is open to this person. */
  offerEvery: boolean;
  errors?: FieldErrors;
  submit: string;
}) {
  const field = bindFields(p.values, p.errors);
  return (
    <form method="post" action={p.action}>
      <CsrfField />
      <div class="grid-2">
        <Field
          label="URL"
          {...field("url")}
          type="url"
          required
          placeholder="https://example.com/pairbox-hook"
          hint="http:// and local addresses are allowed: the receiver may be a tool on this network."
        />
        <Field label="Name" {...field("name")} placeholder="CRM sync" />
      </div>
      <fieldset class={p.errors?.events ? "has-error" : undefined}>
        <legend>Events</legend>
        <div class="checks">
          {WEBHOOK_EVENTS.map((ev) => (
            <Checkbox
              name="events"
              value={ev}
              checked={p.values.events.includes(ev)}
              label={
                <span>
                  <code>{ev}</code> <small class="muted">{EVENT_HELP[ev]}</small>
                </span>
              }
            />
          ))}
        </div>
        {p.errors?.events ? <small class="error">{p.errors.events}</small> : null}
      </fieldset>
      <fieldset class={p.errors?.channelIds ? "has-error" : undefined}>
        <legend>Channels</legend>
        <p class="muted">
          {p.offerEvery
            ? "Leave all unticked to receive events from every channel, including ones added later."
            : "Tick the channels to receive events from."}{" "}
          The endpoint acts for whoever saves it: it receives events only of channels they may use.
        </p>
        <ChannelChecks channels={p.channels} checked={p.values.channelIds} error={p.errors?.channelIds} />
      </fieldset>
      <Checkbox
        name="active"
        value="1"
        checked={p.values.active}
        label="Active (paused endpoints receive nothing; queued deliveries to them fail)"
      />
      <p class="actions">
        <button type="submit">{p.submit}</button>
        <a href="/settings/webhooks">Cancel</a>
      </p>
    </form>
  );
}

export function NewEndpointPage(p: {
  values: EndpointFormValues;
  channels: ChannelOption[];
  offerEvery: boolean;
  errors?: FieldErrors;
}) {
  return (
    <SettingsPage title="Add webhook endpoint" active="/settings/webhooks">
      <h1>Add webhook endpoint</h1>
      <FormError message={p.errors?._form} />
      <section class="card">
        <EndpointForm
          action="/settings/webhooks"
          values={p.values}
          channels={p.channels}
          offerEvery={p.offerEvery}
          errors={p.errors}
          submit="Add endpoint"
        />
      </section>
    </SettingsPage>
  );
}

export function EndpointPage(p: {
  endpoint: Endpoint;
  values: EndpointFormValues;
  channels: ChannelOption[];
  offerEvery: boolean;
  /** Who it acts for; null when nobody (it delivers nothing until someone saves it). */
  ownerName: string | null;
  errors?: FieldErrors;
  notice?: string;
  log: DeliveryLogProps;
}) {
  const e = p.endpoint;
  return (
    <SettingsPage title={e.name || "Webhook endpoint"} active="/settings/webhooks">
      <div class="page-head">
        <h1>{e.name || e.url}</h1>
        <PostButton action={`/settings/webhooks/${e.id}/test`} buttonClass="secondary">
          Send test event
        </PostButton>
      </div>
      <Notice message={p.notice} />
      <FormError message={p.errors?._form} />
      <SigningSecret secret={e.secret} rotateAction={`/settings/webhooks/${e.id}/rotate`} />
      <DeliveryLog {...p.log} />
      <section class="card">
        <h2>Settings</h2>
        <EndpointForm
          action={`/settings/webhooks/${e.id}`}
          values={p.values}
          channels={p.channels}
          offerEvery={p.offerEvery}
          errors={p.errors}
          submit="Save"
        />
        <p class="muted">
          Added <Time at={e.created_at} />. Acts for{" "}
          {p.ownerName ?? "nobody: it delivers nothing until someone saves it"}.
        </p>
        <PostButton
          action={`/settings/webhooks/${e.id}/delete`}
          confirm="Delete this endpoint and its delivery log?"
          buttonClass="danger small"
        >
          Delete endpoint
        </PostButton>
      </section>
    </SettingsPage>
  );
}
