import { Layout } from "../../ui/layout.tsx";
import { CsrfField, FormError, type FieldErrors } from "../../ui/components/form.tsx";
import { Field, FieldFrame } from "../../ui/components/field.tsx";
import { POLL_MAX_OPTIONS } from "../../whatsapp/rich.ts";
import { Icon } from "../../ui/icons/icon.tsx";

export type ShareKind = "poll" | "location" | "contact";
export type ShareValues = Record<string, string> & { options?: string };
export type CardCandidate = { id: number; label: string; phones: string[] };

const TITLES: Record<ShareKind, string> = {
  poll: "Send a poll",
  location: "Send a location",
  contact: "Send a contact card",
};

function PollForm(p: { action: string; values: ShareValues; errors: FieldErrors }) {
  return (
    <form method="post" action={p.action} class="share-form">
      <CsrfField />
      <input type="hidden" name="key" value={p.values.key || crypto.randomUUID()} />
      <Field label="Question" name="question" value={p.values.question ?? ""} required errors={p.errors} />
      <FieldFrame
        for="f-options"
        label="Options"
        required
        error={p.errors.options}
        errorId="f-options-error"
        hint={`One option per line: 2 to ${POLL_MAX_OPTIONS}, each different.`}
      >
        <textarea id="f-options" name="options" rows={6} required>
          {p.values.options ?? ""}
        </textarea>
      </FieldFrame>
      <div class="field">
        <label>
          <input type="checkbox" name="multiple" value="1" checked={p.values.multiple === "1"} /> Allow more
          than one answer
        </label>
      </div>
      <button type="submit">Send poll</button>
    </form>
  );
}

function LocationForm(p: { action: string; values: ShareValues; errors: FieldErrors }) {
  return (
    <form method="post" action={p.action} class="share-form">
      <CsrfField />
      <input type="hidden" name="key" value={p.values.key || crypto.randomUUID()} />
      {(
        [
          ["Latitude", "latitude", "51.5014"],
          ["Longitude", "longitude", "-0.1419"],
        ] as const
      ).map(([label, name, placeholder]) => (
        <Field
          label={label}
          name={name}
          value={p.values[name] ?? ""}
          required
          inputmode="decimal"
          placeholder={placeholder}
          errors={p.errors}
        />
      ))}
      <Field label="Name" name="name" value={p.values.name ?? ""} errors={p.errors} />
      <Field label="Address" name="address" value={p.values.address ?? ""} errors={p.errors} />
      <button type="submit">Send location</button>
    </form>
  );
}

function ContactPicker(p: {
  action: string;
  searchUrl: string;
  query: string;
  candidates: CardCandidate[];
  errors: FieldErrors;
}) {
  return (
    <>
      <form method="get" action={p.searchUrl} class="share-form">
        <input type="hidden" name="kind" value="contact" />
        <Field
          label="Find a contact, lead or account"
          name="q"
          value={p.query}
          placeholder="Name or number"
          errors={p.errors}
        />
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      {p.query && p.candidates.length === 0 ? (
        <p class="muted">No record with a phone number matches.</p>
      ) : null}
      <ul class="card-candidates">
        {p.candidates.map((r) => (
          <li>
            <form method="post" action={p.action}>
              <CsrfField />
              <input type="hidden" name="record" value={String(r.id)} />
              <span>{r.label}</span> <span class="muted">{r.phones.join(", ")}</span>{" "}
              <button type="submit" class="small">
                Send card
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The poll, location and contact-card forms of a conversation; errors come back next to their field. */
export function SharePage(p: {
  conversationId: number;
  title: string;
  kind: ShareKind;
  values: ShareValues;
  errors?: FieldErrors;
  query?: string;
  candidates?: CardCandidate[];
}) {
  const errors = p.errors ?? {};
  const action = `/inbox/c/${p.conversationId}/share/${p.kind}`;
  return (
    <Layout title={TITLES[p.kind]} nav="inbox">
      <p>
        <a href={`/inbox/c/${p.conversationId}`}>← Back to {p.title}</a>
      </p>
      <h1>{TITLES[p.kind]}</h1>
      <FormError message={errors._form} />
      <section class="card">
        {p.kind === "poll" ? <PollForm action={action} values={p.values} errors={errors} /> : null}
        {p.kind === "location" ? <LocationForm action={action} values={p.values} errors={errors} /> : null}
        {p.kind === "contact" ? (
          <ContactPicker
            action={action}
            searchUrl={`/inbox/c/${p.conversationId}/share`}
            query={p.query ?? ""}
            candidates={p.candidates ?? []}
            errors={errors}
          />
        ) : null}
      </section>
    </Layout>
  );
}

/** The links under the reply box to the share forms. */
export function ShareLinks(p: { conversationId: number }) {
  const url = (kind: ShareKind) => `/inbox/c/${p.conversationId}/share?kind=${kind}`;
  return (
    <p class="share-links">
      <a class="share-link" href={url("poll")}>
        <Icon name="poll" /> Poll
      </a>{" "}
      <a class="share-link" href={url("location")}>
        <Icon name="location" /> Location
      </a>{" "}
      <a class="share-link" href={url("contact")}>
        <Icon name="contact" /> Contact card
      </a>
    </p>
  );
}
