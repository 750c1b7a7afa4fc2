import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { CsrfField, FormError, type FieldErrors } from "../../ui/components/form.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";
import { LABEL_COLORS, type LabelRow } from "../../messaging/labels.ts";
import { LabelChip } from "./chips.tsx";

const COLOR_NAMES: Record<string, string> = {
  gray: "Grey",
  red: "Red",
  orange: "Orange",
  yellow: "Yellow",
  green: "Green",
  teal: "Teal",
  blue: "Blue",
  purple: "Purple",
  pink: "Pink",
};

/** One label's name and colour fields; `slot` keeps ids unique when the page lists many. */
function LabelFields(p: { slot: string; name: string; color: string; errors?: FieldErrors }) {
  const nameError = p.errors?.name;
  const colorError = p.errors?.color;
  return (
    <>
      <label for={`label-name-${p.slot}`}>Name</label>
      <input
        id={`label-name-${p.slot}`}
        name="name"
        value={p.name}
        required
        maxlength={40}
        aria-invalid={nameError ? "true" : undefined}
        aria-describedby={nameError ? `label-name-${p.slot}-error` : undefined}
      />
      {nameError ? (
        <small class="error" id={`label-name-${p.slot}-error`}>
          {nameError}
        </small>
      ) : null}
      <label for={`label-color-${p.slot}`}>Colour</label>
      <select id={`label-color-${p.slot}`} name="color" aria-invalid={colorError ? "true" : undefined}>
        {LABEL_COLORS.map((c) => (
          <option value={c} selected={p.color === c}>
            {COLOR_NAMES[c]}
          </option>
        ))}
      </select>
      {colorError ? <small class="error">{colorError}</small> : null}
    </>
  );
}

/** Settings → Labels: create, rename, recolour and delete the labels everyone uses. */
export function LabelsPage(p: {
  labels: LabelRow[];
  errors?: FieldErrors;
  /** Which form the errors belong to: "new" or a label's id. */
  errorFor?: string;
  values?: { name: string; color: string };
}) {
  const errorsFor = (key: string) => (p.errorFor === key ? p.errors : undefined);
  return (
    <SettingsPage title="Labels" active="/settings/labels">
      <h1>Labels</h1>
      <p class="muted">
        Labels mark conversations and customer records (say, VIP or Complaint). Everyone adds and removes
        them; the inbox list can be filtered by one. Deleting a label removes it everywhere.
      </p>
      <section class="card">
        <h2>New label</h2>
        <FormError message={errorsFor("new")?._form} />
        <form method="post" action="/settings/labels" class="label-form">
          <CsrfField />
          <LabelFields
            slot="new"
            name={p.errorFor === "new" ? (p.values?.name ?? "") : ""}
            color={p.errorFor === "new" ? (p.values?.color ?? "blue") : "blue"}
            errors={errorsFor("new")}
          />
          <button type="submit">Create label</button>
        </form>
      </section>
      {p.labels.length === 0 ? <p class="muted">No labels yet.</p> : null}
      {p.labels.map((l) => {
        const key = String(l.id);
        const values = p.errorFor === key && p.values ? p.values : l;
        return (
          <section class="card" id={`label-${l.id}`}>
            <h2>
              <LabelChip label={l} />
            </h2>
            <form method="post" action={`/settings/labels/${l.id}`} class="label-form">
              <CsrfField />
              <LabelFields slot={key} name={values.name} color={values.color} errors={errorsFor(key)} />
              <button type="submit" class="secondary">
                Save
              </button>
            </form>
            <PostButton
              action={`/settings/labels/${l.id}/delete`}
              confirm={`Delete the label ${l.name}? It is removed from every conversation and record.`}
              buttonClass="danger small"
            >
              Delete
            </PostButton>
          </section>
        );
      })}
    </SettingsPage>
  );
}
