import { SettingsPage } from "../../ui/settings-tabs.tsx";
import { Checks, CsrfField, type FieldErrors, FormError } from "../../ui/components/form.tsx";
import { Field } from "../../ui/components/field.tsx";
import { Notice } from "../../ui/components/notice.tsx";
import { PostButton } from "../../ui/components/post-button.tsx";
import { csrfToken, nonce, requestContext } from "../../ui/context.ts";
import { staticUrl } from "../../web/static.ts";
import { PUSH_KINDS, type PushKind } from "../store.ts";

const KIND_LABEL: Record<PushKind, string> = {
  new_messages: "New messages in conversations assigned to me, or unassigned on my channels",
  mentions: "Someone mentions me",
  assignments: "A conversation is assigned to me",
  other: "Other notifications (workflow Notify steps)",
};

export type PushSettingsForm = {
  kinds: PushKind[];
  quietFrom: string;
  quietTo: string;
  timeZone: string;
};

export function PushSettingsPage(p: {
  form: PushSettingsForm;
  browsers: number;
  errors?: FieldErrors;
  notice?: string;
}) {
  const { version } = requestContext().get("deps");
  return (
    <SettingsPage title="Notifications" active="/settings/notifications">
      <h1>Notifications</h1>
      <Notice message={p.notice} />
      <section class="card">
        <h2>Push notifications on this device</h2>
        <p class="muted">
          Pairbox can notify this phone or computer even when no Pairbox tab is open. Install the app (the
          browser's “Install” or “Add to Home screen”) for the best result on a phone.
        </p>
        <div
          id="push-device"
          data-url="/settings/notifications/subscriptions"
          data-key-url="/settings/notifications/key"
          data-csrf={csrfToken()}
        >
          <p id="push-status" role="status" aria-live="polite">
            Checking this browser…
          </p>
          <button type="button" id="push-on" hidden>
            Turn on push for this browser
          </button>
          <button type="button" id="push-off" class="secondary" hidden>
            Turn off push for this browser
          </button>
        </div>
        <p class="muted">
          {p.browsers === 0
            ? "Push is not on in any of your browsers yet."
            : p.browsers === 1
              ? "Push is on in one of your browsers."
              : `Push is on in ${p.browsers} of your browsers.`}
        </p>
        {p.browsers > 0 ? (
          <PostButton action="/settings/notifications/test" buttonClass="secondary">
            Send a test notification
          </PostButton>
        ) : null}
      </section>
      <section class="card">
        <h2>What to push</h2>
        <FormError message={p.errors?._form} />
        <form method="post" action="/settings/notifications">
          <CsrfField />
          <fieldset>
            <legend>Notify me when</legend>
            <Checks
              name="kinds"
              options={PUSH_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
              checked={p.form.kinds}
              class="checks one-per-line"
            />
          </fieldset>
          <fieldset>
            <legend>Quiet hours</legend>
            <p class="muted">
              No pushes between these times on your own clock (now {p.form.timeZone}); the bell still counts
              them. Leave both empty for none.
            </p>
            <div class="field-row">
              <Field label="From" name="quietFrom" type="time" value={p.form.quietFrom} errors={p.errors} />
              <Field label="To" name="quietTo" type="time" value={p.form.quietTo} errors={p.errors} />
            </div>
            <input type="hidden" name="tz" value={p.form.timeZone} />
          </fieldset>
          <button type="submit">Save</button>
        </form>
      </section>
      <script src={staticUrl("push.js", version)} nonce={nonce()} defer></script>
    </SettingsPage>
  );
}
